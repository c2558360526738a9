package ai.wippy.abi;

import ai.wippy.registry.RegistryEntry;
import ai.wippy.wasm.CanonicalCoreAbi;
import ai.wippy.wasm.CoreAbiAdapter;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitType;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;
import java.util.Optional;

/**
 * The canonical ABI for core modules whose registry entry declares a {@code wit} signature: the
 * module's exported {@code memory} and {@code cabi_realloc} carry strings, lists and spilled values,
 * and {@code cabi_post_<method>} (when exported) runs after the result was lifted, so the guest can
 * free what it returned. Mismatches are reported at boot on the entry's {@code wit} field.
 */
public final class CoreModuleCanonicalAbi implements CanonicalCoreAbi {

    static final String MEMORY = "memory";
    static final String REALLOC = "cabi_realloc";
    static final String POST_RETURN_PREFIX = "cabi_post_";
    private static final FunctionType REALLOC_TYPE =
            FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));

    @Override
    public Optional<CoreAbiAdapter> adapter(
            RegistryEntry entry,
            FunctionSignature signature,
            FunctionType coreType,
            WasmModule module,
            long maxLiftBytes) {
        String method = entry.requiredString("method");
        FlatSignature flat = CanonicalAbi.flatExport(signature);
        if (!flat.matches(coreType)) {
            throw entry.error(
                    "wit",
                    "the signature " + signature.describe() + " lowers to core type " + flat.describe()
                            + ", but export '" + method + "' has "
                            + FlatSignature.describe(coreType.params(), coreType.returns()));
        }
        for (var p : signature.params()) {
            rejectHandles(entry, p.type());
        }
        if (signature.result() != null) {
            rejectHandles(entry, signature.result());
        }
        boolean needsMemory = flat.paramsSpilled()
                || flat.resultsSpilled()
                || signature.params().stream().anyMatch(p -> allocates(p.type()))
                || (signature.result() != null && allocates(signature.result()));
        if (needsMemory && !exports(module, MEMORY, ExternalType.MEMORY)) {
            throw entry.error(
                    "wit",
                    "the signature " + signature.describe()
                            + " passes values through memory, but the module exports no 'memory'");
        }
        boolean needsRealloc =
                flat.paramsSpilled() || signature.params().stream().anyMatch(p -> allocates(p.type()));
        Optional<FunctionType> realloc = functionType(module, REALLOC);
        if (needsRealloc && realloc.isEmpty()) {
            throw entry.error(
                    "wit",
                    "the signature " + signature.describe()
                            + " passes strings or lists to the module, which must export " + REALLOC + ": "
                            + FlatSignature.describe(REALLOC_TYPE.params(), REALLOC_TYPE.returns()));
        }
        if (realloc.isPresent() && !realloc.get().equals(REALLOC_TYPE)) {
            throw wrongType(
                    entry,
                    REALLOC + " must have type "
                            + FlatSignature.describe(REALLOC_TYPE.params(), REALLOC_TYPE.returns()),
                    realloc.get());
        }
        String postName = POST_RETURN_PREFIX + method;
        Optional<FunctionType> post = functionType(module, postName);
        if (post.isPresent()
                && (!post.get().params().equals(flat.results())
                        || !post.get().returns().isEmpty())) {
            throw wrongType(
                    entry,
                    postName + " must take the export's results " + FlatSignature.describe(flat.results(), List.of()),
                    post.get());
        }
        return Optional.of(
                new Adapter(signature, realloc.isPresent(), post.isPresent() ? postName : null, maxLiftBytes));
    }

    /** The error of a core function whose type is not the one the canonical ABI needs. */
    private static RuntimeException wrongType(RegistryEntry entry, String expected, FunctionType actual) {
        return entry.error("wit", expected + ", but has " + FlatSignature.describe(actual.params(), actual.returns()));
    }

    /** Calls one export; memory, realloc and post-return are looked up on the instance of each call. */
    private record Adapter(FunctionSignature signature, boolean hasRealloc, String postReturn, long maxLiftBytes)
            implements CoreAbiAdapter {

        @Override
        public Object call(Instance instance, ExportFunction export, List<Object> args) {
            Memory memory = instance.memory();
            Realloc realloc = null;
            if (hasRealloc) {
                ExportFunction fn = instance.export(REALLOC);
                realloc = (oldPtr, oldSize, align, newSize) -> (int) fn.apply(oldPtr, oldSize, align, newSize)[0];
            }
            ExportFunction post = postReturn == null ? null : instance.export(postReturn);
            CanonicalOptions options = new CanonicalOptions(
                    memory, StringEncoding.UTF8, realloc, post == null ? null : post::apply, null, maxLiftBytes);
            return CanonicalAbi.callExport(options, signature, export, args);
        }
    }

    private static void rejectHandles(RegistryEntry entry, WitType t) {
        if (mentionsHandle(t)) {
            throw entry.error(
                    "wit",
                    "resource handles (" + t.describe() + ") need a component; a core module has no handle table");
        }
    }

    static boolean mentionsHandle(WitType t) {
        return switch (t) {
            case WitType.HandleType h -> true;
            case WitType.ListType l -> mentionsHandle(l.element());
            case WitType.RecordType r -> r.fields().stream().anyMatch(f -> mentionsHandle(f.type()));
            case WitType.TupleType tu -> tu.elements().stream().anyMatch(CoreModuleCanonicalAbi::mentionsHandle);
            case WitType.OptionType o -> mentionsHandle(o.inner());
            case WitType.ResultType r ->
                (r.ok() != null && mentionsHandle(r.ok())) || (r.err() != null && mentionsHandle(r.err()));
            case WitType.VariantType v ->
                v.cases().stream().anyMatch(c -> c.type() != null && mentionsHandle(c.type()));
            default -> false;
        };
    }

    /** Whether lowering a value of this type into the guest allocates (strings and lists). */
    static boolean allocates(WitType t) {
        return switch (t) {
            case WitType.Primitive p -> p == WitType.Primitive.STRING;
            case WitType.ListType l -> true;
            case WitType.RecordType r -> r.fields().stream().anyMatch(f -> allocates(f.type()));
            case WitType.TupleType tu -> tu.elements().stream().anyMatch(CoreModuleCanonicalAbi::allocates);
            case WitType.OptionType o -> allocates(o.inner());
            case WitType.ResultType r ->
                (r.ok() != null && allocates(r.ok())) || (r.err() != null && allocates(r.err()));
            case WitType.VariantType v -> v.cases().stream().anyMatch(c -> c.type() != null && allocates(c.type()));
            default -> false;
        };
    }

    private static boolean exports(WasmModule module, String name, ExternalType type) {
        var section = module.exportSection();
        for (int i = 0; i < section.exportCount(); i++) {
            Export e = section.getExport(i);
            if (e.exportType() == type && e.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    static Optional<FunctionType> functionType(WasmModule module, String name) {
        var section = module.exportSection();
        for (int i = 0; i < section.exportCount(); i++) {
            Export e = section.getExport(i);
            if (e.exportType() == ExternalType.FUNCTION && e.name().equals(name)) {
                return Optional.of(module.typeSection().getType(typeIndex(module, (int) e.index())));
            }
        }
        return Optional.empty();
    }

    private static int typeIndex(WasmModule module, int funcIndex) {
        var imports = module.importSection();
        int seen = 0;
        for (int i = 0; i < imports.importCount(); i++) {
            if (imports.getImport(i) instanceof FunctionImport f) {
                if (seen == funcIndex) {
                    return f.typeIndex();
                }
                seen++;
            }
        }
        return module.functionSection().getFunctionType(funcIndex - seen);
    }
}
