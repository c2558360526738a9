package ai.wippy.component;

import ai.wippy.abi.AbiTrap;
import ai.wippy.abi.CanonicalAbi;
import ai.wippy.abi.CanonicalOptions;
import ai.wippy.abi.ResourceTables;
import ai.wippy.abi.StringEncoding;
import ai.wippy.component.binary.ComponentAst;
import ai.wippy.component.binary.Definition;
import ai.wippy.component.binary.Definition.*;
import ai.wippy.component.binary.Sort;
import ai.wippy.component.binary.Types;
import ai.wippy.engine.CompiledModule;
import ai.wippy.engine.GuestMemoryBudget;
import ai.wippy.engine.InstanceImage;
import ai.wippy.wit.FunctionSignature;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportTable;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a component's definitions in order, filling its index spaces with live values: core modules
 * are instantiated on Chicory and wired to each other, host imports are lowered into core
 * functions, core exports are lifted into component functions, nested components are instantiated
 * with their arguments. The result is the component's export map.
 */
final class Instantiation {

    private final Map<Definition.CoreModule, CompiledModule> modules;
    private final GuestMemoryBudget.Lease memory;
    private final long maxLiftBytes;
    private final ResourceTables resources;
    private final List<InstanceImage> replay;
    private final Map<Definition, Object> constants;
    private final java.util.function.UnaryOperator<FunctionSignature> shared;
    private final List<Instance> created = new java.util.ArrayList<>();
    private boolean started;
    /** A lowered import or a resource built-in was called (by a start function, during the walk). */
    private boolean importCalled;

    /**
     * {@code memory} creates every memory the core modules define (capped, charged to the budget); {@code
     * maxLiftBytes} bounds what lifting one crossing's values may allocate. With {@code replay} (a component template: one image per core instantiation, in
     * order) each core instance starts with its memories as the image holds them (a full image: its
     * start function does not run, the caller restores the rest, see {@link
     * InstanceImage#initialised(Instance, List)}), and {@code
     * constants} holds what the template's run derived from definitions alone ({@link #constant}); {@code
     * shared} gives the one object of a lift's or lower's signature that all instances of the component
     * use ({@link Component#shared}).
     */
    Instantiation(
            Map<Definition.CoreModule, CompiledModule> modules,
            GuestMemoryBudget.Lease memory,
            long maxLiftBytes,
            ResourceTables resources,
            List<InstanceImage> replay,
            Map<Definition, Object> constants,
            java.util.function.UnaryOperator<FunctionSignature> shared) {
        this.shared = shared;
        this.replay = replay;
        this.constants = constants != null ? constants : new java.util.IdentityHashMap<>();
        this.modules = modules;
        this.memory = memory;
        this.maxLiftBytes = maxLiftBytes;
        this.resources = resources;
    }

    /**
     * What definition {@code d} derives that is the same in every instance of the component: a
     * type definition's resolved type when it holds no resource type (resource types are fresh per
     * instance; handles name their resource, so value and function types never hold one), a lift's
     * or lower's shared signature with its core type and canonical plan. A template run (with {@code
     * replay}) takes what the first instance's run derived; that run records each value, and marks a
     * definition met twice (a nested component instantiated more than once, perhaps with other type
     * arguments), which is then derived anew every time, as is a value holding a resource type.
     */
    @SuppressWarnings("unchecked")
    private <T> T constant(Definition d, java.util.function.Supplier<T> make) {
        if (replay != null) {
            Object known = constants.get(d);
            return known != null && known != AMBIGUOUS ? (T) known : make.get();
        }
        T value = make.get();
        constants.put(d, constants.containsKey(d) || !instanceFree(value) ? AMBIGUOUS : value);
        return value;
    }

    /** Marks a definition whose value is derived anew in every instance. */
    static final Object AMBIGUOUS = new Object();

    /** Whether {@code value} holds nothing of one instance (no resource type, at any depth). */
    static boolean instanceFree(Object value) {
        return switch (value) {
            case InstanceShape shape -> shape.exports().values().stream().allMatch(Instantiation::instanceFree);
            case ResourceKind k -> false;
            case ai.wippy.wit.WitType w -> true;
            case FunctionSignature f -> true;
            case Lowered l -> true;
            case Lifted l -> true;
            default -> false;
        };
    }

    /** A lift's shared signature and the core type it flattens to. */
    private record Lifted(FunctionSignature signature, FunctionType type) {}

    /** A lower's shared signature, its core type and its canonical plan. */
    private record Lowered(FunctionSignature signature, FunctionType type, CanonicalAbi.Import linked) {}

    /** What this run derived from definitions alone ({@link #constant}), for the template. */
    Map<Definition, Object> constants() {
        return constants;
    }

    /** The core instances created so far, in the order of their instantiation. */
    List<Instance> coreInstances() {
        return created;
    }

    /** Whether a core module instantiated so far has a start section (it ran). */
    boolean started() {
        return started;
    }

    /**
     * Whether guest code called out of the core instances so far: a lowered import or a resource
     * built-in (the handle table is the instance's, not in any image). During the walk only start
     * functions run guest code.
     */
    boolean importCalled() {
        return importCalled;
    }

    /** A nested component definition, closed over the scope it was defined in. */
    record ComponentClosure(ComponentAst ast, Frame scope) {}

    /**
     * Instantiates {@code ast}. {@code imports} supplies each import by name (a {@link ComponentFunc},
     * an instance export map, a type...); a type import missing from it takes its {@code eq} bound.
     */
    Map<String, Object> run(ComponentAst ast, Frame outer, ImportResolver imports) {
        Frame f = new Frame(outer);
        Map<String, Object> exports = new LinkedHashMap<>();
        for (Definition d : ast.definitions()) {
            try {
                step(d, f, imports, exports);
            } catch (AbiTrap | LinkException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new LinkException("definition at byte " + d.offset() + ": " + e.getMessage(), e);
            }
        }
        return exports;
    }

    private void step(Definition d, Frame f, ImportResolver imports, Map<String, Object> exports) {
        switch (d) {
            case Definition.CoreModule m -> f.coreModules.add(modules.get(m));
            case CoreInstantiate ci -> f.coreInstances.add(instantiateCore(ci, f));
            case CoreInlineInstance ii -> {
                Map<String, Object> ex = new LinkedHashMap<>();
                for (CoreInlineExport e : ii.exports()) {
                    ex.put(e.name(), coreItem(f, e.sort(), e.index()));
                }
                f.coreInstances.add(CoreInstanceValue.inline(ex));
            }
            case CoreTypeDef t -> f.coreTypes.add(t.type());
            case NestedComponent c -> f.components.add(new ComponentClosure(c.component(), f));
            case Instantiate in -> {
                ComponentClosure c = (ComponentClosure) f.components.get(in.component());
                Map<String, Object> args = new LinkedHashMap<>();
                for (Arg a : in.args()) {
                    args.put(a.name(), item(f, a.sort(), a.index()));
                }
                f.instances.add(run(c.ast(), c.scope(), (name, declared) -> args.get(name)));
            }
            case InlineInstance ii -> {
                Map<String, Object> ex = new LinkedHashMap<>();
                for (Arg a : ii.exports()) {
                    ex.put(a.name(), named(item(f, a.sort(), a.index()), a.sort(), a.name()));
                }
                f.instances.add(ex);
            }
            case AliasDef a -> alias(a.alias(), f);
            case TypeDef t -> f.types.add(constant(t, () -> TypeResolver.resolve(t.type(), f)));
            case CanonLift l -> f.funcs.add(lift(l, f));
            case CanonLower l -> f.coreFuncs.add(lower(l, f));
            case CanonResourceNew n -> {
                ResourceKind kind = (ResourceKind) f.types.get(n.resource());
                f.coreFuncs.add(CoreFunc.of(FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)), args -> {
                    importCalled = true;
                    return new long[] {resources.add(kind, (int) args[0], true)};
                }));
            }
            case CanonResourceRep r -> {
                ResourceKind kind = (ResourceKind) f.types.get(r.resource());
                f.coreFuncs.add(CoreFunc.of(FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)), args -> {
                    importCalled = true;
                    return new long[] {resources.get(kind, (int) args[0]).rep()};
                }));
            }
            case CanonResourceDrop r -> {
                ResourceKind kind = (ResourceKind) f.types.get(r.resource());
                f.coreFuncs.add(CoreFunc.of(FunctionType.of(List.of(ValType.I32), List.of()), args -> {
                    importCalled = true;
                    resources.drop(kind, (int) args[0]);
                    return new long[0];
                }));
            }
            case Start s -> throw new LinkException("component start functions are not supported");
            case Definition.Import i -> importItem(i, f, imports);
            case Definition.Export e -> {
                Object value = named(item(f, e.sort(), e.index()), e.sort(), e.name());
                if (e.ascribed() instanceof Types.FuncExtern fe && value instanceof ComponentFunc fn) {
                    // the ascribed type names the types as the exporter wants them seen
                    Object ascribed = constant(e, () -> {
                        Object type = TypeResolver.named(f.types.get(fe.typeIndex()), e.name());
                        return type instanceof FunctionSignature sig ? shared.apply(sig) : type;
                    });
                    if (ascribed instanceof FunctionSignature sig) {
                        value = new RenamedFunc(fn, sig);
                    }
                }
                exports.put(e.name(), value);
                add(f, e.sort(), value);
            }
            case Custom c -> {}
        }
    }

    /** {@code given}, the value of import {@code i}, when it is a {@code type} ({@code what}). */
    private static Object provided(Definition.Import i, Object given, Class<?> type, String what) {
        if (!type.isInstance(given)) {
            throw new LinkException("import '" + i.name() + "' (" + what + ") is not provided");
        }
        return given;
    }

    private void importItem(Definition.Import i, Frame f, ImportResolver imports) {
        Object declared = switch (i.type()) {
            case Types.FuncExtern fe -> constant(i, () -> TypeResolver.named(f.types.get(fe.typeIndex()), i.name()));
            case Types.InstanceExtern ie -> f.types.get(ie.typeIndex());
            case Types.ComponentExtern ce -> f.types.get(ce.typeIndex());
            case Types.TypeExtern te -> te.isFreshResource() ? null : f.types.get(te.eqIndex());
            default -> null;
        };
        Object given = imports.resolve(i.name(), declared);
        switch (i.type()) {
            case Types.TypeExtern t -> {
                Object type = given != null
                        ? given
                        : t.isFreshResource()
                                ? new ResourceKind(i.name(), null, false)
                                : TypeResolver.named(f.types.get(t.eqIndex()), i.name());
                f.types.add(type);
            }
            case Types.FuncExtern fe -> f.funcs.add(provided(i, given, ComponentFunc.class, "a function"));
            case Types.InstanceExtern ie -> f.instances.add(provided(i, given, Map.class, "an instance"));
            case Types.ComponentExtern ce -> f.components.add(provided(i, given, Object.class, "a component"));
            case Types.ModuleExtern me -> f.coreModules.add(provided(i, given, CompiledModule.class, "a core module"));
            case Types.ValueExtern ve -> throw new LinkException("value imports are not supported");
        }
    }

    private Object named(Object value, Sort sort, String name) {
        if (sort == Sort.TYPE) {
            return TypeResolver.named(value, name);
        }
        if (sort == Sort.FUNC
                && value instanceof ComponentFunc fn
                && !fn.signature().name().equals(name)) {
            return new RenamedFunc(fn, shared.apply((FunctionSignature) TypeResolver.named(fn.signature(), name)));
        }
        return value;
    }

    /** The same function under the name it is exported as. */
    record RenamedFunc(ComponentFunc target, Object renamed) implements ComponentFunc {
        @Override
        public FunctionSignature signature() {
            return (FunctionSignature) renamed;
        }

        @Override
        public Object call(List<Object> args) throws Exception {
            return target.call(args);
        }
    }

    private void alias(Types.Alias alias, Frame f) {
        switch (alias) {
            case Types.ExportAlias e -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> inst = (Map<String, Object>) f.instances.get(e.instance());
                Object v = inst.get(e.name());
                if (v == null) {
                    throw new LinkException(
                            "instance " + e.instance() + " has no export '" + e.name() + "'; it has " + inst.keySet());
                }
                add(f, e.sort(), v);
            }
            case Types.CoreExportAlias c -> {
                CoreInstanceValue inst = f.coreInstances.get(c.instance());
                Object v = inst.export(c.name());
                if (v == null) {
                    throw new LinkException("core instance " + c.instance() + " has no export '" + c.name()
                            + "'; it has " + inst.exports().keySet());
                }
                add(f, c.sort(), v);
            }
            case Types.OuterAlias o -> add(f, o.sort(), item(f.outer(o.count()), o.sort(), o.index()));
        }
    }

    private static Object coreItem(Frame f, Sort sort, int index) {
        return item(f, sort, index);
    }

    private static Object item(Frame f, Sort sort, int index) {
        return switch (sort) {
            case CORE_FUNC -> f.coreFuncs.get(index);
            case CORE_TABLE -> f.coreTables.get(index);
            case CORE_MEMORY -> f.coreMemories.get(index);
            case CORE_GLOBAL -> f.coreGlobals.get(index);
            case CORE_TYPE -> f.coreTypes.get(index);
            case CORE_MODULE -> f.coreModules.get(index);
            case CORE_INSTANCE -> f.coreInstances.get(index);
            case FUNC -> f.funcs.get(index);
            case TYPE -> f.types.get(index);
            case COMPONENT -> f.components.get(index);
            case INSTANCE -> f.instances.get(index);
            case CORE_TAG, VALUE -> throw new LinkException(sort + " items are not supported");
        };
    }

    private static void add(Frame f, Sort sort, Object v) {
        switch (sort) {
            case CORE_FUNC -> f.coreFuncs.add((CoreFunc) v);
            case CORE_TABLE -> f.coreTables.add(v);
            case CORE_MEMORY -> f.coreMemories.add(v);
            case CORE_GLOBAL -> f.coreGlobals.add(v);
            case CORE_TYPE -> f.coreTypes.add(v);
            case CORE_MODULE -> f.coreModules.add(v);
            case CORE_INSTANCE -> f.coreInstances.add((CoreInstanceValue) v);
            case FUNC -> f.funcs.add(v);
            case TYPE -> f.types.add(v);
            case COMPONENT -> f.components.add(v);
            case INSTANCE -> f.instances.add(v);
            case CORE_TAG, VALUE -> throw new LinkException(sort + " items are not supported");
        }
    }

    private CoreInstanceValue instantiateCore(CoreInstantiate ci, Frame f) {
        CompiledModule module = (CompiledModule) f.coreModules.get(ci.module());
        Map<String, CoreInstanceValue> args = new LinkedHashMap<>();
        for (CoreArg a : ci.args()) {
            args.put(a.name(), f.coreInstances.get(a.instance()));
        }
        ImportValues.Builder values = ImportValues.builder();
        var section = module.module().importSection();
        for (int i = 0; i < section.importCount(); i++) {
            Import imp = section.getImport(i);
            CoreInstanceValue from = args.get(imp.module());
            Object v = from == null ? null : from.export(imp.name());
            if (v == null) {
                throw new LinkException("core module import " + where(imp)
                        + " is not provided by the instantiate arguments " + args.keySet());
            }
            switch (imp.importType()) {
                case FUNCTION -> {
                    if (!(v instanceof CoreFunc fn)) {
                        throw new LinkException("core import " + where(imp) + " expects a function");
                    }
                    FunctionType expected = module.module()
                            .typeSection()
                            .getType(((com.dylibso.chicory.wasm.types.FunctionImport) imp).typeIndex());
                    if (!expected.typesMatch(fn.type())) {
                        throw new LinkException(
                                "core import " + where(imp) + " expects type " + expected + " but got " + fn.type());
                    }
                    values.addFunction(new HostFunction(imp.module(), imp.name(), expected, (inst, a) -> fn.call(a)));
                }
                case MEMORY -> {
                    if (!(v instanceof Memory m)) {
                        throw new LinkException("core import " + where(imp) + " expects a memory");
                    }
                    values.addMemory(new ImportMemory(imp.module(), imp.name(), m));
                }
                case TABLE -> {
                    if (!(v instanceof TableInstance t)) {
                        throw new LinkException("core import " + where(imp) + " expects a table");
                    }
                    values.addTable(new ImportTable(imp.module(), imp.name(), t));
                }
                case GLOBAL -> {
                    if (!(v instanceof GlobalInstance g)) {
                        throw new LinkException("core import " + where(imp) + " expects a global");
                    }
                    values.addGlobal(new ImportGlobal(imp.module(), imp.name(), g));
                }
                default ->
                    throw new LinkException(
                            "core import " + where(imp) + " of kind " + imp.importType() + " is not supported");
            }
        }
        // only the start section runs at instantiation; an exported _start is the component's business
        Instance instance = replay == null
                ? module.instantiate(values.build(), memory, false)
                : module.instantiate(values.build(), memory, false, replay.get(created.size()));
        created.add(instance);
        started |= !module.templatable();
        return CoreInstanceValue.of(instance);
    }

    /** How errors name a core import (built only when one is thrown). */
    private static String where(Import imp) {
        return imp.module() + "." + imp.name();
    }

    /** The canonical options of one {@code canon lift}/{@code canon lower}, resolved once to runtime objects. */
    private CanonicalOptions options(Definition.CanonOptions o, Frame f) {
        CoreFunc realloc = o.realloc() < 0 ? null : f.coreFuncs.get(o.realloc());
        CoreFunc post = o.postReturn() < 0 ? null : f.coreFuncs.get(o.postReturn());
        return new CanonicalOptions(
                o.memory() < 0 ? null : (Memory) f.coreMemories.get(o.memory()),
                StringEncoding.ofCode(o.encoding()),
                realloc == null
                        ? null
                        : (oldPtr, oldSize, align, newSize) -> (int) realloc.call(oldPtr, oldSize, align, newSize)[0],
                post == null ? null : post::call,
                resources,
                maxLiftBytes);
    }

    private ComponentFunc lift(CanonLift l, Frame f) {
        CoreFunc core = f.coreFuncs.get(l.coreFunc());
        Object t = f.types.get(l.type());
        if (!(t instanceof FunctionSignature resolved)) {
            throw new LinkException("canon lift: type " + l.type() + " is not a function type");
        }
        Lifted lifted = constant(l, () -> {
            FunctionSignature sig = shared.apply(resolved);
            return new Lifted(sig, CanonicalAbi.flatExport(sig).coreType());
        });
        FunctionSignature signature = lifted.signature();
        FunctionType expected = lifted.type();
        if (!expected.typesMatch(core.type())) {
            throw new LinkException("canon lift: core function has type " + core.type() + " but " + signature.describe()
                    + " needs " + expected);
        }
        CanonicalOptions options = options(l.options(), f);
        ExportFunction export = core::call;
        return new ComponentFunc() {
            @Override
            public FunctionSignature signature() {
                return signature;
            }

            @Override
            public Object call(List<Object> args) {
                return CanonicalAbi.callExport(options, signature, export, args);
            }
        };
    }

    private CoreFunc lower(CanonLower l, Frame f) {
        ComponentFunc target = (ComponentFunc) f.funcs.get(l.func());
        Lowered lowered = constant(l, () -> {
            FunctionSignature sig = shared.apply(target.signature());
            return new Lowered(sig, CanonicalAbi.flatImport(sig).coreType(), CanonicalAbi.linkImport(sig));
        });
        CanonicalOptions options = options(l.options(), f);
        FunctionType type = lowered.type();
        CanonicalAbi.Import linked = lowered.linked();
        CanonicalAbi.Callee callee = target::call;
        return CoreFunc.of(type, args -> {
            importCalled = true;
            return linked.call(options, args, callee);
        });
    }

    /** Supplies the imports of the component being instantiated. */
    @FunctionalInterface
    interface ImportResolver {
        /**
         * The value for import {@code name}, whose declared type is {@code declared} (an {@link
         * InstanceShape}, a {@link FunctionSignature}, a type, or null for a fresh resource); null when
         * nothing is supplied (type imports then take their bound).
         */
        Object resolve(String name, Object declared);
    }

    /** A component that cannot be linked or instantiated; the message says which definition and why. */
    static final class LinkException extends RuntimeException {
        LinkException(String message) {
            super(message);
        }

        LinkException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
