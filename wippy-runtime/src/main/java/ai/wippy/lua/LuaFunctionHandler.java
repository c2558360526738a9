package ai.wippy.lua;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.GuestErrorException;
import ai.wippy.call.WippyException;
import ai.wippy.pool.InstanceFactory;
import ai.wippy.pool.InstancePool;
import ai.wippy.pool.PoolConfig;
import ai.wippy.pool.PoolConfigReader;
import ai.wippy.pool.Pools;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.runtime.EntryHandler;
import ai.wippy.runtime.LoadContext;
import ai.wippy.runtime.PooledFunction;
import ai.wippy.wasm.ExecutionLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;

/**
 * Loads {@code function.lua} entries: {@code source} (inline or {@code file://}) returns a table of
 * functions, {@code method} picks one, {@code modules} lists what it may {@code require}, {@code pool}
 * and {@code limits} as for WASM. The script is compiled once; every call runs in fresh sandboxed
 * globals, so one call's globals never leak into another's.
 */
public final class LuaFunctionHandler implements EntryHandler {

    private static final Set<String> FIELDS = Set.of("source", "method", "modules", "pool", "limits");

    @Override
    public Set<String> kinds() {
        return Set.of("function.lua");
    }

    @Override
    public void load(RegistryEntry entry, LoadContext context) {
        for (String field : entry.fields().keySet()) {
            if (!FIELDS.contains(field)) {
                throw entry.error(
                        field, "unknown field for kind function.lua; known: " + new java.util.TreeSet<>(FIELDS));
            }
        }
        String source = entry.requiredString("source");
        String text;
        String chunkName = entry.id().toString();
        if (source.startsWith("file://")) {
            text = ai.wippy.registry.SourceFiles.text(
                    entry, "source", source, context.registry().options());
            chunkName = entry.base().describe(source);
        } else {
            text = source;
        }
        Prototype prototype;
        try {
            prototype = LuaC.instance.compile(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "@" + chunkName);
        } catch (LuaError | IOException e) {
            throw entry.error("source", "Lua does not compile: " + e.getMessage(), e);
        }
        String method = entry.requiredString("method");
        Map<String, LuaModule> extra = new java.util.LinkedHashMap<>();
        for (LuaModule m : context.services(LuaModule.class)) {
            extra.putIfAbsent(m.name(), m);
        }
        List<String> known = new ArrayList<>(LuaModules.KNOWN);
        known.addAll(extra.keySet());
        List<String> modules = new ArrayList<>();
        List<Object> raw = entry.list("modules");
        for (int i = 0; i < raw.size(); i++) {
            String m = String.valueOf(raw.get(i));
            if (!known.contains(m)) {
                throw entry.error("modules[" + i + "]", "'" + m + "' is not a module; known: " + known);
            }
            modules.add(m);
        }
        Map<String, Supplier<LuaValue>> granted =
                LuaModules.granted(modules, context::runtime, entry.id().toString(), extra);
        // Check at boot that the script returns a table with the method.
        LuaValue probe = new LuaScript(prototype, granted, method).function(entry);
        if (!probe.isfunction()) {
            throw entry.error("method", "the script's table has no function '" + method + "'");
        }
        PoolConfig poolConfig = PoolConfigReader.read(entry);
        ExecutionLimits limits = ExecutionLimits.read(entry);
        LuaScript script = new LuaScript(prototype, granted, method);
        InstanceFactory<LuaScript> factory = () -> script;
        InstancePool<LuaScript> pool = Pools.create(entry.id().toString(), factory, poolConfig);
        context.addFunction(new LuaFunction(entry, poolConfig, pool, limits));
    }

    /** A compiled script and the modules it may require; each run gets fresh globals. */
    record LuaScript(Prototype prototype, Map<String, Supplier<LuaValue>> modules, String method) {
        LuaValue function(RegistryEntry entry) {
            Globals g = LuaSandbox.create(modules);
            LuaValue table = new LuaClosure(prototype, g).call();
            if (!table.istable()) {
                throw entry.error(
                        "source", "the script must return a table of functions, it returned a " + table.typename());
            }
            return table.get(method);
        }
    }

    static final class LuaFunction extends PooledFunction<LuaScript> {
        LuaFunction(RegistryEntry entry, PoolConfig poolConfig, InstancePool<LuaScript> pool, ExecutionLimits limits) {
            super(entry, null, poolConfig, pool, limits.maxExecution());
        }

        @Override
        protected Object call(LuaScript script, List<Object> args) {
            String id = id().toString();
            LuaValue[] luaArgs = new LuaValue[args.size()];
            for (int i = 0; i < luaArgs.length; i++) {
                luaArgs[i] = LuaValues.toLua(args.get(i));
            }
            Varargs out;
            try {
                out = script.function(entry()).invoke(LuaValue.varargsOf(luaArgs));
            } catch (LuaError e) {
                if (e.getCause() instanceof LuaInterrupted li) {
                    throw li;
                }
                LuaValue value = e.getMessageObject();
                ErrorKind kind = value == null ? ErrorKind.INTERNAL : LuaErrors.kindOf(value, ErrorKind.INTERNAL);
                // the traceback stays in the LuaError (the cause, in the log), out of the message callers show
                String message = withoutTraceback(value == null ? e.getMessage() : LuaErrors.messageOf(value));
                WippyException passedOn = value == null ? null : LuaErrors.causeOf(value);
                if (passedOn == null) {
                    throw new WippyException(kind, id, "Lua error: " + message, e);
                }
                // error(err) with an error object: the failure it came from is the cause, the Lua traceback rides along
                WippyException raised = new WippyException(kind, id, "Lua error: " + message, passedOn);
                raised.addSuppressed(e);
                throw raised;
            }
            LuaValue first = out.arg1();
            LuaValue second = out.arg(2);
            if (first.isnil() && !second.isnil()) {
                ErrorKind kind = LuaErrors.kindOf(second, ErrorKind.GUEST_ERROR);
                if (kind == ErrorKind.GUEST_ERROR) {
                    throw new GuestErrorException(id, LuaErrors.messageOf(second));
                }
                throw new WippyException(kind, id, LuaErrors.messageOf(second), LuaErrors.causeOf(second));
            }
            return LuaValues.toJava(first);
        }
    }

    private static String withoutTraceback(String message) {
        if (message == null) {
            return "(no message)";
        }
        int at = message.indexOf("\nstack traceback:");
        return at < 0 ? message : message.substring(0, at);
    }
}
