package ai.wippy.funcs;

import ai.wippy.call.CallContext;
import ai.wippy.call.WippyException;
import ai.wippy.spi.CallHandle;
import ai.wippy.spi.RegisteredFunction;
import ai.wippy.spi.RunningRegistry;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code wippy:runtime/funcs}: lets a guest call any registry function, under the context of the call
 * it is running in (same actor, scope, deadline: the call is security-checked like any other).
 *
 * <p>How {@code call-string} carries values: when the callee takes exactly one {@code string}, the
 * input is passed as it is; otherwise the input is JSON: an array is the positional arguments,
 * anything else the single argument, an empty input no arguments. A string result is returned as it
 * is; any other result is JSON-encoded (records as objects, variants as {@code {tag, val}}).
 * {@code call-bytes} passes bytes to a callee taking one {@code list<u8>} and returns a byte result
 * as it is; otherwise it reads and writes UTF-8 JSON the same way. Errors come back as the
 * {@code err} string {@code KIND: message}.
 */
public final class FuncsBridge {

    public static final String INTERFACE = "wippy:runtime/funcs";
    static final String NOT_GRANTED =
            "CAPABILITY_DENIED: capability not granted: funcs (add 'funcs' to the entry's imports)";

    /** Made on the first JSON call, not when the bridge is (every registry has one): Jackson stays unloaded at boot. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final Supplier<RunningRegistry> runtime;
    private volatile Cached last;

    public FuncsBridge(Supplier<RunningRegistry> runtime) {
        this.runtime = runtime;
    }

    public ResultValue callString(String target, String input) {
        try {
            CallHandle handle = handle(target);
            RegisteredFunction fn = handle.function().orElse(null);
            List<Object> args = takesOne(fn, WitType.Primitive.STRING) ? List.of(input) : decode(input);
            Object result = unwrap(handle.invoke(CallContext.current(), args));
            return ResultValue.ok(result instanceof String s ? s : encode(result));
        } catch (WippyException e) {
            return ResultValue.err(e.kind() + ": " + e.detail());
        } catch (JsonProcessingException e) {
            return ResultValue.err("INVALID: input is not JSON: " + e.getOriginalMessage());
        }
    }

    public ResultValue callBytes(String target, byte[] input) {
        try {
            CallHandle handle = handle(target);
            RegisteredFunction fn = handle.function().orElse(null);
            List<Object> args = takesOne(fn, new WitType.ListType(WitType.Primitive.U8))
                    ? List.of(input)
                    : decode(new String(input, StandardCharsets.UTF_8));
            Object result = unwrap(handle.invoke(CallContext.current(), args));
            byte[] out = result instanceof byte[] b
                    ? b
                    : (result instanceof String s ? s : encode(result)).getBytes(StandardCharsets.UTF_8);
            return ResultValue.ok(out);
        } catch (WippyException e) {
            return ResultValue.err(e.kind() + ": " + e.detail());
        } catch (JsonProcessingException e) {
            return ResultValue.err("INVALID: input is not JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * The handle of {@code target}, kept while this import calls the same ID (a handle follows
     * registry updates by itself; a different running registry resolves again).
     */
    private CallHandle handle(String target) {
        RunningRegistry rt = runtime.get();
        Cached c = last;
        if (c == null || c.runtime != rt || !c.handle.id().equals(target)) {
            c = new Cached(rt, rt.handle(target));
            last = c;
        }
        return c.handle;
    }

    private record Cached(RunningRegistry runtime, CallHandle handle) {}

    private static boolean takesOne(RegisteredFunction fn, WitType type) {
        if (fn == null || fn.signature() == null) {
            return false;
        }
        FunctionSignature sig = fn.signature();
        return sig.params().size() == 1 && sig.params().get(0).type().equals(type);
    }

    private static List<Object> decode(String input) throws JsonProcessingException {
        if (input == null || input.isBlank()) {
            return List.of();
        }
        Object value = Json.MAPPER.readValue(input, Object.class);
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        List<Object> one = new ArrayList<>(1);
        one.add(value);
        return one;
    }

    private static Object unwrap(Object result) {
        if (result instanceof ResultValue r) {
            if (!r.ok()) {
                throw new WippyException(
                        ai.wippy.call.ErrorKind.GUEST_ERROR, null, String.valueOf(jsonable(r.value())));
            }
            return r.value();
        }
        return result;
    }

    private static String encode(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(jsonable(value));
        } catch (JsonProcessingException e) {
            throw new WippyException(
                    ai.wippy.call.ErrorKind.INTERNAL, null, "result is not JSON-encodable: " + e.getOriginalMessage());
        }
    }

    private static Object jsonable(Object v) {
        if (v instanceof VariantValue vv) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tag", vv.caseName());
            m.put("val", jsonable(vv.payload()));
            return m;
        }
        if (v instanceof ResultValue r) {
            return Map.of(r.ok() ? "ok" : "err", jsonable(r.value()) == null ? "" : jsonable(r.value()));
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), jsonable(x)));
            return out;
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(FuncsBridge::jsonable).toList();
        }
        return v;
    }
}
