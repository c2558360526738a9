package ai.wippy.wasm;

import ai.wippy.engine.BinaryKind;
import ai.wippy.engine.CompiledModule;
import ai.wippy.engine.GuestMemoryBudget;
import ai.wippy.engine.ModuleCompiler;
import ai.wippy.pool.InstanceFactory;
import ai.wippy.pool.InstancePool;
import ai.wippy.pool.PoolConfig;
import ai.wippy.pool.PoolConfigReader;
import ai.wippy.pool.Pools;
import ai.wippy.registry.FieldSet;
import ai.wippy.registry.KindSpec;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.EntryHandler;
import ai.wippy.spi.LoadContext;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitParser;
import ai.wippy.wit.WitType;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads {@code function.wat} and {@code function.wasm} entries: reads and checks the binary,
 * compiles it once, checks {@code method} and {@code wit} against the exports, links imports, and
 * pools instances. Components are handed to the {@link ComponentLoader}.
 */
public final class WasmFunctionHandler implements EntryHandler {

    /** The fields of {@code function.wat} and {@code function.wasm} entries (also {@code process.wasm}). */
    /** The fields of {@code wasi}. */
    public static final FieldSet WASI_SPEC = FieldSet.closed(
            FieldSet.Field.list("args", FieldSet.Type.SCALAR, "arguments after the program name"),
            FieldSet.Field.string("cwd", "the working directory"),
            FieldSet.Field.list(
                    "env", FieldSet.Type.MAPPING, "environment variables: {id: env.variable entry, name, required}"),
            FieldSet.Field.list("mounts", FieldSet.Type.MAPPING, "file systems: {fs: entry, guest: path, read_only}"),
            FieldSet.Field.list(
                    "allowed_hosts",
                    FieldSet.Type.STRING,
                    "hosts sockets and HTTP may reach: host, host:port, *.suffix"));

    public static final FieldSet SPEC = FieldSet.closed(
            FieldSet.Field.string("source", "the module's WAT text (function.wat), or file:// a .wat or .wasm file"),
            FieldSet.Field.string("fs", "the fs.directory or fs.embed entry the binary is in (function.wasm)"),
            FieldSet.Field.string("path", "the binary's path in fs"),
            FieldSet.Field.string("hash", "sha256:<hex> of the binary"),
            FieldSet.Field.string("method", "the exported function to call"),
            FieldSet.Field.string("wit", "the WIT signature, such as 'add: func(a: s32, b: s32) -> s32;'"),
            FieldSet.Field.mapping("pool", PoolConfigReader.SPEC, "the instance pool"),
            FieldSet.Field.string("transport", "payload (the default) or wasi-http")
                    .oneOf("payload", "wasi-http"),
            FieldSet.Field.list("imports", FieldSet.Type.STRING, "host capabilities granted")
                    .oneOf(ImportGroups.names())
                    .orMatching(ImportGroups.APPLICATION_INTERFACE),
            FieldSet.Field.mapping("wasi", WASI_SPEC, "what the WASI imports see"),
            FieldSet.Field.mapping("limits", ExecutionLimits.SPEC, "execution limits"),
            FieldSet.Field.mapping("options", EntryOptions.SPEC, "Wippy's options: limits, worker_class, mailbox"));

    public static final Set<String> FIELDS = SPEC.names();

    @Override
    public java.util.List<KindSpec> specs() {
        return java.util.List.of(
                new KindSpec("function.wat", "a WebAssembly module or component written as WAT", SPEC),
                new KindSpec("function.wasm", "a WebAssembly binary (module or component) from a file system", SPEC));
    }

    @Override
    public Runnable prepare(RegistryEntry entry, LoadContext context) {
        return WasmBinaries.prepare(entry, context, entry.kind().equals("function.wat"));
    }

    @Override
    public void load(RegistryEntry written, LoadContext context) {
        checkFields(written, FIELDS);
        RegistryEntry entry = EntryOptions.normalize(written);
        String transport = entry.string("transport");
        if (transport != null && !transport.equals("payload") && !transport.equals("wasi-http")) {
            throw entry.error("transport", "'" + transport + "' is not one of payload, wasi-http");
        }
        boolean wat = entry.kind().equals("function.wat");
        if (wat && entry.has("fs")) {
            throw entry.error(
                    "fs", "function.wat takes its WAT from 'source'; use function.wasm for binaries in an fs entry");
        }
        byte[] binary = wat ? WasmBinaries.fromWat(entry, context) : WasmBinaries.fromFileSystem(entry, context);
        String binaryField = wat ? "source" : "path";
        BinaryKind kind = BinaryKind.detect(binary);
        if (kind == null) {
            throw entry.error(binaryField, "not a WebAssembly binary (no \\0asm preamble)");
        }
        if (kind == BinaryKind.COMPONENT) {
            ComponentLoader loader = context.service(ComponentLoader.class)
                    .orElseThrow(() -> entry.error(
                            binaryField, "the binary is a component, and components are not supported yet"));
            context.addFunction(loader.load(entry, binary, context));
            return;
        }
        context.addFunction(loadCore(ImportGroups.forCoreModule(entry), binary, binaryField, context));
    }

    static void checkFields(RegistryEntry entry, Set<String> allowed) {
        for (String field : entry.fields().keySet()) {
            if (!allowed.contains(field)) {
                throw entry.error(
                        field,
                        "unknown field for kind " + entry.kind() + "; known: " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private CoreModuleFunction loadCore(RegistryEntry entry, byte[] binary, String binaryField, LoadContext context) {
        CompiledModule module;
        try {
            module = context.compiler().compile(binary);
        } catch (ModuleCompiler.ModuleException e) {
            throw entry.error(binaryField, e.getMessage(), e);
        }
        String method = entry.requiredString("method");
        FunctionType coreType = module.exportedFunctionType(method)
                .orElseThrow(() -> entry.error(
                        "method",
                        "'" + method + "' is not exported; the module exports " + module.exportedFunctions()));
        FunctionSignature signature;
        CoreAbiAdapter abi;
        String wit = entry.string("wit");
        if (wit != null) {
            String exportName = method.contains("#") ? method.substring(method.indexOf('#') + 1) : method;
            try {
                signature = WitParser.parseFunction(wit, exportName);
            } catch (WitParser.WitSyntaxException e) {
                throw entry.error("wit", "not a WIT signature: " + e.getMessage(), e);
            }
            if (!WitParser.sameName(signature.name(), exportName)) {
                throw entry.error(
                        "wit",
                        "describes function '" + signature.name() + "' but method is '" + method
                                + "'; name the method's export in the signature, e.g. '" + exportName
                                + ": func(...)'");
            }
            abi = adapterFor(entry, signature, coreType, module, context);
        } else {
            signature = signatureFromCoreType(entry, method, coreType);
            abi = (CoreAbiAdapter) ScalarAbi.build(signature, coreType);
        }
        Set<String> granted = ImportGroups.read(entry);
        List<CoreImportProvider.InstanceImports> imports = linkImports(entry, module, granted, context);
        ExecutionLimits limits = ExecutionLimits.read(entry);
        MemoryCeiling ceiling = MemoryCeiling.of(limits, context.settings());
        ceiling.check(entry, module.module(), "the module");
        PoolConfig poolConfig = PoolConfigReader.read(entry);
        MemoryCeiling.checkPool(entry, poolConfig, MemoryCeiling.minimumBytes(module.module()), context.settings());
        Integer memoryCeiling = ceiling.pages();
        GuestMemoryBudget budget = context.memoryBudget();
        String owner = entry.id().toString();
        ai.wippy.engine.ModuleTemplate template = new ai.wippy.engine.ModuleTemplate(module);
        InstanceFactory<CoreInstance> factory = new InstanceFactory<>() {
            @Override
            public CoreInstance create() {
                List<ImportFunction> functions = new ArrayList<>();
                for (CoreImportProvider.InstanceImports i : imports) {
                    functions.addAll(i.functions());
                }
                GuestMemoryBudget.Lease lease = budget.lease(owner, memoryCeiling);
                try {
                    // start = false: a WASI command's exported _start runs when called, not per instance
                    Instance instance = template.instantiate(
                            ImportValues.builder().withFunctions(functions).build(), lease);
                    return new CoreInstance(instance, instance.export(method), lease);
                } catch (RuntimeException | Error e) {
                    lease.close();
                    throw e;
                }
            }

            @Override
            public void destroy(CoreInstance instance) {
                instance.memory().close();
            }
        };
        InstancePool<CoreInstance> pool = pool(entry, factory, poolConfig);
        boolean importsNothing = module.module().importSection().importCount() == 0;
        return new CoreModuleFunction(entry, signature, poolConfig, pool, abi, limits.maxExecution(), importsNothing);
    }

    /**
     * The instance pool of a function entry (a core module's here, a component's in its loader):
     * instances that cannot be made fail the entry at its {@code pool} field.
     */
    public static <T> InstancePool<T> pool(RegistryEntry entry, InstanceFactory<T> factory, PoolConfig config) {
        try {
            return Pools.create(entry.id().toString(), factory, config);
        } catch (RuntimeException e) {
            throw entry.error("pool", "cannot create the pool's instances: " + e.getMessage(), e);
        }
    }

    private static CoreAbiAdapter adapterFor(
            RegistryEntry entry,
            FunctionSignature signature,
            FunctionType coreType,
            CompiledModule module,
            LoadContext context) {
        if (ScalarAbi.handles(signature)) {
            Object built = ScalarAbi.build(signature, coreType);
            if (built instanceof String mismatch) {
                throw entry.error("wit", mismatch);
            }
            return (CoreAbiAdapter) built;
        }
        for (CanonicalCoreAbi abi : context.services(CanonicalCoreAbi.class)) {
            Optional<CoreAbiAdapter> adapter = abi.adapter(
                    entry,
                    signature,
                    coreType,
                    module.module(),
                    context.settings().memory().maxLiftBytes());
            if (adapter.isPresent()) {
                return adapter.get();
            }
        }
        throw entry.error(
                "wit",
                "the signature " + signature.describe()
                        + " needs the canonical ABI over memory (strings, lists, records...), which is not supported yet");
    }

    private static FunctionSignature signatureFromCoreType(RegistryEntry entry, String method, FunctionType coreType) {
        List<Param> params = new ArrayList<>();
        int i = 0;
        for (ValType v : coreType.params()) {
            params.add(new Param("p" + i++, primitiveFor(entry, v)));
        }
        if (coreType.returns().size() > 1) {
            throw entry.error(
                    "wit",
                    "export '" + method + "' returns " + coreType.returns().size()
                            + " values; give a 'wit' signature that describes them");
        }
        WitType result = coreType.returns().isEmpty()
                ? null
                : primitiveFor(entry, coreType.returns().get(0));
        return new FunctionSignature(method, params, result);
    }

    private static WitType primitiveFor(RegistryEntry entry, ValType v) {
        if (v.equals(ValType.I32)) {
            return WitType.Primitive.S32;
        }
        if (v.equals(ValType.I64)) {
            return WitType.Primitive.S64;
        }
        if (v.equals(ValType.F32)) {
            return WitType.Primitive.F32;
        }
        if (v.equals(ValType.F64)) {
            return WitType.Primitive.F64;
        }
        throw entry.error("wit", "core type " + v + " has no WIT equivalent; give a 'wit' signature");
    }

    private static List<CoreImportProvider.InstanceImports> linkImports(
            RegistryEntry entry, CompiledModule module, Set<String> granted, LoadContext context) {
        var section = module.module().importSection();
        Map<String, CoreImportProvider> byModule = new LinkedHashMap<>();
        List<CoreImportProvider> providers = context.services(CoreImportProvider.class);
        for (int i = 0; i < section.importCount(); i++) {
            var imp = section.getImport(i);
            String where = imp.module() + "." + imp.name();
            if (imp.importType() != ExternalType.FUNCTION) {
                throw entry.error(
                        "imports",
                        "the module imports " + imp.importType().name().toLowerCase() + " " + where
                                + ", which no host provides (only functions can be imported)");
            }
            if (byModule.containsKey(imp.module())) {
                continue;
            }
            CoreImportProvider provider = providers.stream()
                    .filter(p -> p.serves(imp.module()))
                    .findFirst()
                    .orElseThrow(() -> entry.error(
                            "imports",
                            "the module imports function " + where + ", which no host provides; granted imports: "
                                    + granted));
            byModule.put(imp.module(), provider);
        }
        List<CoreImportProvider.InstanceImports> out = new ArrayList<>();
        byModule.forEach((name, provider) -> out.add(provider.prepare(entry, module, name, context)));
        return out;
    }
}
