package ai.wippy.process;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.component.ComponentFunction;
import ai.wippy.component.ComponentInstance;
import ai.wippy.component.InstancePre;
import ai.wippy.value.ResultValue;
import ai.wippy.wasi.WasiExit;
import ai.wippy.wasi.WasiSettings;
import ai.wippy.wasi.WasiStdio;
import ai.wippy.wasi.p2.WasiInstance;
import java.util.List;

/**
 * A component process: a fresh instance per process with the process's arguments and stdio as its
 * {@code wasi:cli} view. The export is {@code wasi:cli/run#run} for commands (its {@code result}
 * becomes exit code 0 or 1), or a function without parameters.
 */
final class ComponentProgramBody implements ProgramBody {

    static final String RUN = "wasi:cli/run#run";

    private final String id;
    private final InstancePre pre;
    private final String method;
    private final WasiSettings wasi;

    ComponentProgramBody(String id, InstancePre pre, String method, WasiSettings wasi) {
        this.id = id;
        this.pre = pre;
        this.method = method;
        this.wasi = wasi;
    }

    @Override
    public Object run(List<String> args, WasiStdio stdio) {
        try (ComponentInstance instance = pre.instantiate(shared -> WasiInstance.seed(shared, wasi, stdio, args))) {
            ComponentFunction fn = instance.function(method)
                    .orElseThrow(() -> new WippyException(ErrorKind.INVALID, id, "'" + method + "' is not exported"));
            Object value = fn.call(List.of());
            if (method.equals(RUN) && value instanceof ResultValue r) {
                if (!r.ok()) {
                    throw new WasiExit(1);
                }
                return null;
            }
            return value;
        } catch (Exception e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof WasiExit exit) {
                    throw exit;
                }
            }
            throw e instanceof RuntimeException r
                    ? r
                    : new WippyException(ErrorKind.GUEST_ERROR, id, e.getMessage(), e);
        } finally {
            flush(stdio);
        }
    }

    private static void flush(WasiStdio stdio) {
        try {
            stdio.out().flush();
            stdio.err().flush();
        } catch (java.io.IOException ignored) {
            // the terminal or buffer went away; nothing left to tell
        }
    }
}
