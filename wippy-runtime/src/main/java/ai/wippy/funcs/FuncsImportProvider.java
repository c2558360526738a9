package ai.wippy.funcs;

import ai.wippy.abi.CanonicalAbi;
import ai.wippy.abi.CanonicalOptions;
import ai.wippy.abi.Realloc;
import ai.wippy.abi.StringEncoding;
import ai.wippy.engine.CompiledModule;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.LoadContext;
import ai.wippy.value.ResultValue;
import ai.wippy.wasm.CoreImportProvider;
import ai.wippy.wasm.ImportGroups;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitParser;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.ExternalType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code wippy:runtime/funcs} for core modules: the imports {@code call-string} and
 * {@code call-bytes} with the canonical ABI (strings in the guest's memory, results written through
 * the return pointer and allocated with its {@code cabi_realloc}). Without {@code imports: [funcs]}
 * they still link and answer the error {@code capability not granted: funcs}.
 */
public final class FuncsImportProvider implements CoreImportProvider {

    static final FunctionSignature CALL_STRING = WitParser.parseFunction(
            "call-string: func(target: string, input: string) -> result<string, string>;", null);
    static final FunctionSignature CALL_BYTES = WitParser.parseFunction(
            "call-bytes: func(target: string, input: list<u8>) -> result<list<u8>, string>;", null);

    @Override
    public boolean serves(String importModule) {
        return importModule.equals(FuncsBridge.INTERFACE) || importModule.startsWith(FuncsBridge.INTERFACE + "@");
    }

    @Override
    public InstanceImports prepare(
            RegistryEntry entry, CompiledModule module, String importModule, LoadContext context) {
        boolean granted = ImportGroups.read(entry).contains("funcs");
        FuncsBridge bridge = new FuncsBridge(context::runtime);
        long maxLift = context.settings().memory().maxLiftBytes();
        List<String> names = new ArrayList<>();
        var section = module.module().importSection();
        for (int i = 0; i < section.importCount(); i++) {
            var imp = section.getImport(i);
            if (imp.module().equals(importModule) && imp.importType() == ExternalType.FUNCTION) {
                if (!imp.name().equals("call-string") && !imp.name().equals("call-bytes")) {
                    throw entry.error(
                            "imports",
                            importModule + " has no function '" + imp.name() + "' (it has call-string, call-bytes)");
                }
                names.add(imp.name());
            }
        }
        return () -> {
            List<ImportFunction> out = new ArrayList<>();
            for (String name : names) {
                boolean string = name.equals("call-string");
                out.add(CanonicalAbi.hostFunction(
                        importModule,
                        name,
                        string ? CALL_STRING : CALL_BYTES,
                        instance -> options(instance, maxLift),
                        args -> {
                            if (!granted) {
                                return ResultValue.err(FuncsBridge.NOT_GRANTED);
                            }
                            String target = (String) args.get(0);
                            return string
                                    ? bridge.callString(target, (String) args.get(1))
                                    : bridge.callBytes(target, (byte[]) args.get(1));
                        }));
            }
            return out;
        };
    }

    private static CanonicalOptions options(Instance instance, long maxLiftBytes) {
        ExportFunction fn = instance.export("cabi_realloc");
        Realloc realloc = (oldPtr, oldSize, align, newSize) -> (int) fn.apply(oldPtr, oldSize, align, newSize)[0];
        return new CanonicalOptions(instance.memory(), StringEncoding.UTF8, realloc, null, null, maxLiftBytes);
    }
}
