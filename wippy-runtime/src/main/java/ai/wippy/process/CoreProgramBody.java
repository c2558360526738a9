package ai.wippy.process;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.engine.CompiledModule;
import ai.wippy.engine.GuestMemoryBudget;
import ai.wippy.wasi.WasiPreview1;
import ai.wippy.wasi.WasiSettings;
import ai.wippy.wasi.WasiStdio;
import ai.wippy.wasm.CoreImportProvider;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import java.util.ArrayList;
import java.util.List;

/** A core module process: {@code wasi_snapshot_preview1} plus other providers' imports; the export takes integers. */
record CoreProgramBody(
        String id,
        CompiledModule module,
        String method,
        WasiSettings wasi,
        List<CoreImportProvider.InstanceImports> otherImports,
        int memoryCeilingPages,
        GuestMemoryBudget budget)
        implements ProgramBody {

    @Override
    public Object run(List<String> args, WasiStdio stdio) {
        WasiPreview1 host = new WasiPreview1(wasi, stdio, args);
        GuestMemoryBudget.Lease lease = budget.lease(id, memoryCeilingPages);
        try {
            List<ImportFunction> functions = new ArrayList<>(host.functions(module.module()));
            for (CoreImportProvider.InstanceImports i : otherImports) {
                functions.addAll(i.functions());
            }
            Instance instance = module.instantiate(
                    ImportValues.builder().withFunctions(functions).build(), lease, false);
            if (!method.equals("_start") && module.exportedFunctions().contains("_initialize")) {
                instance.export("_initialize").apply();
            }
            long[] result = instance.export(method).apply(numbers(args));
            return result == null || result.length == 0 ? null : result[0];
        } finally {
            host.close();
            lease.close();
        }
    }

    /** Arguments of a non-command export are its core parameters (integers). */
    private long[] numbers(List<String> args) {
        if (method.equals("_start")) {
            return new long[0];
        }
        int n = module.exportedFunctionType(method).orElseThrow().params().size();
        long[] out = new long[n];
        for (int i = 0; i < n && i < args.size(); i++) {
            try {
                out[i] = Long.parseLong(args.get(i));
            } catch (NumberFormatException e) {
                throw new WippyException(
                        ErrorKind.INVALID, id, "argument " + i + " '" + args.get(i) + "' is not an integer");
            }
        }
        return out;
    }
}
