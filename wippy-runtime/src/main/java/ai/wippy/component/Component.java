package ai.wippy.component;

import ai.wippy.component.binary.ComponentAst;
import ai.wippy.component.binary.ComponentDecodeException;
import ai.wippy.component.binary.ComponentDecoder;
import ai.wippy.component.binary.Definition;
import ai.wippy.engine.CompiledModule;
import ai.wippy.engine.Digests;
import ai.wippy.engine.ModuleCompiler;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoded, validated component whose embedded core modules are compiled (through the runtime's
 * {@link ModuleCompiler}, so each distinct module is compiled once). Immutable and shared: link it
 * with a {@link ComponentLinker} into an {@link InstancePre}, then instantiate as often as needed.
 */
public final class Component {

    /**
     * One import of the component: its name as written, what kind of item it is, and for an
     * imported instance the names of the functions (and nested instances) it declares, or null
     * when they are only known at instantiation.
     */
    public record ImportInfo(String name, String kind, List<String> functions) {

        public ImportInfo(String name, String kind) {
            this(name, kind, null);
        }

        /**
         * Whether this is an instance that declares only types (records, enums, resources...), as
         * cargo-component imports a WIT interface of type definitions: it needs no host.
         */
        public boolean typesOnly() {
            return kind.equals("instance") && functions != null && functions.isEmpty();
        }

        /** The name without its {@code @version}: {@code wasi:io/streams@0.2.3} becomes {@code wasi:io/streams}. */
        public String unversioned() {
            int at = name.indexOf('@');
            return at < 0 ? name : name.substring(0, at);
        }
    }

    private final ComponentAst ast;
    private final Map<Definition.CoreModule, CompiledModule> modules;
    private final List<ImportInfo> imports;
    private final String sha256;
    /**
     * One object per distinct function signature of the component's lifts and lowers, shared by all
     * its instances: each instance resolves its types anew, and the canonical ABI keeps what it derives
     * from a signature (flattening, layout) per signature object, so sharing the object computes that
     * once per component instead of once per instance on the instance's first call.
     */
    private final Map<ai.wippy.wit.FunctionSignature, ai.wippy.wit.FunctionSignature> signatures =
            new java.util.concurrent.ConcurrentHashMap<>();

    private Component(
            ComponentAst ast,
            Map<Definition.CoreModule, CompiledModule> modules,
            List<ImportInfo> imports,
            String sha256) {
        this.ast = ast;
        this.modules = modules;
        this.imports = List.copyOf(imports);
        this.sha256 = sha256;
    }

    /**
     * Decodes and validates {@code binary} and compiles its core modules.
     *
     * @throws ComponentDecodeException naming the byte offset and the problem
     */
    public static Component compile(byte[] binary, ModuleCompiler compiler) {
        ComponentAst ast = ComponentDecoder.decode(binary);
        Map<Definition.CoreModule, CompiledModule> modules = new IdentityHashMap<>();
        compileModules(ast, compiler, modules);
        List<ImportInfo> imports = new ArrayList<>();
        Map<Definition.Import, List<String>> functions = ImportShapes.functionsOfInstanceImports(ast);
        for (Definition d : ast.definitions()) {
            if (d instanceof Definition.Import i) {
                imports.add(new ImportInfo(i.name(), i.type().sort().toString(), functions.get(i)));
            }
        }
        return new Component(ast, modules, imports, Digests.sha256Hex(binary));
    }

    private static void compileModules(
            ComponentAst ast, ModuleCompiler compiler, Map<Definition.CoreModule, CompiledModule> out) {
        for (Definition d : ast.definitions()) {
            if (d instanceof Definition.CoreModule m) {
                try {
                    out.put(m, compiler.compile(m.binary()));
                } catch (ModuleCompiler.ModuleException e) {
                    throw new ComponentDecodeException(m.offset(), "embedded core module: " + e.getMessage(), e);
                } catch (RuntimeException | AssertionError e) {
                    // the engine's parser can fail in other ways on hostile bytes (with -ea even an
                    // AssertionError): still a decode error of the component
                    throw new ComponentDecodeException(m.offset(), "embedded core module does not decode: " + e, e);
                }
            } else if (d instanceof Definition.NestedComponent c) {
                compileModules(c.component(), compiler, out);
            }
        }
    }

    /**
     * The component's one object equal to {@code signature} (signatures are values: a structurally
     * equal one describes the same crossing); bounded by the signatures the binary defines.
     */
    ai.wippy.wit.FunctionSignature shared(ai.wippy.wit.FunctionSignature signature) {
        ai.wippy.wit.FunctionSignature known = signatures.putIfAbsent(signature, signature);
        return known == null ? signature : known;
    }

    public List<ImportInfo> imports() {
        return imports;
    }

    public String sha256() {
        return sha256;
    }

    /** How many core modules the component embeds (nested components included). */
    public int coreModuleCount() {
        return modules.size();
    }

    ComponentAst ast() {
        return ast;
    }

    Map<Definition.CoreModule, CompiledModule> modules() {
        return modules;
    }

    /** The SHA-256 of each distinct core module inside (nested components' too). */
    public java.util.List<String> coreModuleSha256s() {
        return modules.values().stream().map(CompiledModule::sha256).distinct().toList();
    }
}
