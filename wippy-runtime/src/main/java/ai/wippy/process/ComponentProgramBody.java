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
 *
 * @param io each instance's socket and buffer budgets; what they refuse is counted in {@code refusals}
 */
record ComponentProgramBody(
        String id,
        InstancePre pre,
        String method,
        WasiSettings wasi,
        ai.wippy.wasm.IoLimits io,
        ai.wippy.wasi.p2.IoBudget.Refusals refusals)
        implements ProgramBody {

    static final String RUN = "wasi:cli/run#run";

    @Override
    public Object run(List<String> args, WasiStdio stdio) {
        try (ComponentInstance instance = pre.instantiate(new ai.wippy.wasi.p2.WasiState(
                new WasiInstance(wasi, stdio, args), new ai.wippy.wasi.p2.IoBudget(id, io, refusals)))) {
            ComponentFunction fn = instance.function(method)
                    .orElseThrow(() -> new WippyException(ErrorKind.INVALID, id, "'" + method + "' is not exported"));
            Object value = fn.call(method.equals(RUN) ? List.of() : arguments(fn.signature(), args));
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

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * A process's arguments (text, from the CLI or a spawn) as the export's parameters: a {@code
     * string} or {@code char} parameter takes the text as it is, any other the text read as JSON
     * ({@code 6}, {@code true}, {@code [1,2]}, {@code {"name":"ada"}}), checked against the WIT type.
     */
    private List<Object> arguments(ai.wippy.wit.FunctionSignature signature, List<String> args) {
        var params = signature.params();
        if (args.size() != params.size()) {
            throw new WippyException(
                    ErrorKind.INVALID,
                    id,
                    "'" + method + "' takes " + params.size() + " argument(s) (" + signature.describe() + "), got "
                            + args.size());
        }
        List<Object> out = new java.util.ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            var type = params.get(i).type();
            String text = args.get(i);
            Object raw;
            if (type == ai.wippy.wit.WitType.Primitive.STRING || type == ai.wippy.wit.WitType.Primitive.CHAR) {
                raw = text;
            } else {
                try {
                    raw = JSON.readValue(text, Object.class);
                } catch (java.io.IOException e) {
                    throw new WippyException(
                            ErrorKind.INVALID,
                            id,
                            "argument " + (i + 1) + " (" + params.get(i).name() + ": " + type.describe() + ") is not a"
                                    + " value of that type: '" + text + "'");
                }
            }
            out.add(ai.wippy.value.CanonicalValues.toCanonical(
                    type, raw, params.get(i).name()));
        }
        return out;
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
