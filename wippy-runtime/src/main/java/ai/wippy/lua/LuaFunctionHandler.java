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
import ai.wippy.spi.AbstractEntryHandler;
import ai.wippy.spi.LoadContext;
import ai.wippy.spi.PooledFunction;
import java.util.List;
import java.util.function.Supplier;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Loads {@code function.lua} entries: {@code source} (inline or {@code file://}) returns a table of
 * functions, {@code method} picks one, {@code modules} lists what it may {@code require}, {@code imports} binds {@code library.lua}
 * entries to names {@code require} loads, {@code pool}
 * and {@code limits} as for WASM. The script is compiled once; every call runs in fresh sandboxed
 * globals, so one call's globals never leak into another's.
 */
public final class LuaFunctionHandler extends AbstractEntryHandler {

    static final ai.wippy.registry.FieldSet SPEC = ai.wippy.registry.FieldSet.closed(
            ai.wippy.registry.FieldSet.Field.string("source", "the Lua source, or file:// a .lua file")
                    .asRequired(),
            ai.wippy.registry.FieldSet.Field.string("method", "the function of the returned table to call")
                    .asRequired(),
            ai.wippy.registry.FieldSet.Field.list(
                    "modules", ai.wippy.registry.FieldSet.Type.STRING, "the modules the source may require"),
            ai.wippy.registry.FieldSet.Field.mapping(
                    "imports",
                    null,
                    "libraries the source may require, by the name it requires them: name: ns:library"),
            ai.wippy.registry.FieldSet.Field.mapping(
                    "pool", ai.wippy.pool.PoolConfigReader.SPEC, "the pool of Lua states"),
            ai.wippy.registry.FieldSet.Field.mapping("limits", LuaLimits.SPEC, "execution limits"));

    public LuaFunctionHandler() {
        super(FUNCTIONS, new ai.wippy.registry.KindSpec("function.lua", "a Lua function", SPEC));
    }

    @Override
    public void load(RegistryEntry entry, LoadContext context) {
        SPEC.checkEntry(entry);
        LuaScope.Source source = LuaScope.compile(entry, context);
        String chunkName = source.chunkName();
        String method = entry.requiredString("method");
        LuaScope scope = LuaScope.read(entry, context, new LuaLibraryHandler());
        PoolConfig poolConfig = PoolConfigReader.read(entry);
        LuaLimits limits = LuaLimits.read(entry);
        LuaScript script = new LuaScript(
                source.code(),
                scope,
                method,
                limits,
                context::runtime,
                entry.id().toString());
        // Check at boot that the script returns a table with the method, its main chunk held to max_load_ms.
        LuaValue probe = script.probe(entry, chunkName);
        if (!probe.isfunction()) {
            throw entry.error("method", "the script's table has no function '" + method + "'");
        }
        InstanceFactory<LuaScript> factory = () -> script;
        InstancePool<LuaScript> pool = Pools.create(entry.id().toString(), factory, poolConfig);
        context.addFunction(new LuaFunction(entry, poolConfig, pool, limits));
    }

    /**
     * A compiled script and the modules it may require. Each run gets fresh globals, its own
     * {@code string}, {@code table}, {@code math} and module tables, and its own {@link LuaGuard}.
     */
    record LuaScript(
            LuaCompiled code,
            LuaScope scope,
            String method,
            LuaLimits limits,
            Supplier<ai.wippy.spi.RunningRegistry> runtime,
            String entryId) {

        /** A script that only loads (a library's probe at boot): no runtime to call into. */
        LuaScript(LuaCompiled code, LuaScope scope, String method, LuaLimits limits) {
            this(
                    code,
                    scope,
                    method,
                    limits,
                    () -> {
                        throw new IllegalStateException("no runtime while the registry loads");
                    },
                    scope.owner());
        }

        /**
         * Runs the main chunk and then the method with {@code args}, in a fresh sandbox; {@code finish}
         * turns the results into the call's value while the call's limits still hold.
         */
        <T> T call(RegistryEntry entry, List<Object> args, java.util.function.Function<Varargs, T> finish) {
            LuaGuard guard = limits.newGuard();
            LuaProcessScope process = new LuaProcessScope(runtime, entryId);
            LuaProcessScope previousScope = LuaProcessScope.enter(process);
            Globals g = LuaSandbox.create(scope, guard, process);
            LuaGuard previous = guard.enter(LuaSandbox.strings(g));
            try {
                LuaValue[] luaArgs = new LuaValue[args.size()];
                for (int i = 0; i < luaArgs.length; i++) {
                    luaArgs[i] = LuaValues.toLua(args.get(i));
                }
                return finish.apply(method(entry, g).invoke(LuaValue.varargsOf(luaArgs)));
            } finally {
                LuaGuard.exit(previous);
                LuaProcessScope.exit(previousScope);
                process.release();
            }
        }

        /** Runs the main chunk once at load, within {@code max_load_ms}: the method, or a registry error. */
        LuaValue probe(RegistryEntry entry, String chunkName) {
            LuaGuard guard = limits.newGuard();
            Globals g = LuaSandbox.create(scope, guard);
            LuaGuard previous = guard.enter(LuaSandbox.strings(g));
            guard.deadline(System.nanoTime() + limits.loadTime().toNanos());
            try {
                return method(entry, g);
            } catch (LuaInterrupted e) {
                if (guard.deadlinePassed()) {
                    throw entry.error(
                            "source",
                            "the main chunk of " + chunkName + " ran longer than "
                                    + limits.loadTime().toMillis()
                                    + " ms at load (limits.max_load_ms); it must only define functions, not loop",
                            e);
                }
                throw entry.error("source", "loading " + chunkName + " was interrupted", e);
            } catch (LuaLimitExceeded e) {
                throw entry.error("source", "the main chunk of " + chunkName + " at load: " + e.getMessage(), e);
            } catch (LuaError e) {
                Throwable cause = e.getCause();
                if (cause instanceof LuaInterrupted || cause instanceof LuaLimitExceeded) {
                    throw entry.error(
                            "source", "the main chunk of " + chunkName + " at load: " + cause.getMessage(), e);
                }
                throw entry.error("source", "the main chunk failed at load: " + describe(e), e);
            } catch (StackOverflowError e) {
                throw entry.error("source", "the main chunk of " + chunkName + " overflowed the stack at load", e);
            } finally {
                LuaGuard.exit(previous);
            }
        }

        private LuaValue method(RegistryEntry entry, Globals g) {
            LuaValue table = code.closure(g).call();
            if (!table.istable()) {
                throw entry.error(
                        "source", "the script must return a table of functions, it returned a " + table.typename());
            }
            return table.get(method);
        }
    }

    /** A Lua error's message with its file and line, without the stack traceback LuaJ appends. */
    static String describe(LuaError e) {
        String m = e.getMessage();
        if (m == null) {
            return "Lua error";
        }
        int trace = m.indexOf("\nstack traceback:");
        if (trace >= 0) {
            m = m.substring(0, trace);
        }
        if (m.startsWith("@")) {
            m = m.substring(1);
        }
        return m.replaceFirst("^(\\S*:\\d+) ", "$1: ");
    }

    static final class LuaFunction extends PooledFunction<LuaScript> {
        LuaFunction(RegistryEntry entry, PoolConfig poolConfig, InstancePool<LuaScript> pool, LuaLimits limits) {
            super(entry, null, poolConfig, pool, limits.maxExecution());
        }

        @Override
        protected Object call(LuaScript script, List<Object> args) {
            String id = id().toString();
            try {
                return script.call(entry(), args, out -> result(id, out));
            } catch (LuaLimitExceeded e) {
                throw new WippyException(ErrorKind.TRAPPED, id, e.getMessage(), e);
            } catch (LuaError e) {
                if (e.getCause() instanceof LuaInterrupted li) {
                    throw li;
                }
                if (e.getCause() instanceof LuaLimitExceeded le) {
                    throw new WippyException(ErrorKind.TRAPPED, id, le.getMessage(), le);
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
        }

        private static Object result(String id, Varargs out) {
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
