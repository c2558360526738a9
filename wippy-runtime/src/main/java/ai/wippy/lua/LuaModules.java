package ai.wippy.lua;

import ai.wippy.call.Actor;
import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.GuestErrorException;
import ai.wippy.call.WippyException;
import ai.wippy.registry.Durations;
import ai.wippy.spi.CallHandle;
import ai.wippy.spi.FunctionCaller;
import ai.wippy.spi.RunningRegistry;
import ai.wippy.value.ResultValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The modules a {@code function.lua} entry may {@code require}: funcs, ctx, json, logger, time, http_client. */
final class LuaModules {

    static final List<String> KNOWN = List.of("funcs", "ctx", "json", "logger", "time", "http_client");

    private static final ObjectMapper JSON = new ObjectMapper();

    private LuaModules() {}

    static Map<String, Supplier<LuaValue>> granted(
            List<String> names, Supplier<RunningRegistry> runtime, String entryId, Map<String, LuaModule> extra) {
        Map<String, Supplier<LuaValue>> out = new LinkedHashMap<>();
        for (String name : names) {
            LuaModule module = extra.get(name);
            if (module != null) {
                out.put(name, () -> module.create(runtime, entryId));
                continue;
            }
            switch (name) {
                case "funcs" -> out.put(name, () -> funcs(runtime));
                case "ctx" -> out.put(name, LuaModules::ctx);
                case "json" -> out.put(name, LuaModules::json);
                case "logger" -> out.put(name, () -> logger(entryId));
                case "time" -> out.put(name, LuaModules::time);
                case "http_client" -> out.put(name, () -> LuaHttpClient.create(runtime, entryId));
                default -> throw new IllegalArgumentException(name);
            }
        }
        return out;
    }

    // --- funcs ------------------------------------------------------------------------------------

    private static LuaTable funcs(Supplier<RunningRegistry> runtime) {
        LuaTable t = executor(runtime, new Options(null, Map.of(), null, null, null));
        t.set("new", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                return executor(runtime, new Options(null, Map.of(), null, null, null));
            }
        });
        return t;
    }

    /** What an executor overrides; {@code scopeGroups} null keeps the inherited scope. */
    private record Options(
            Actor actor,
            Map<String, Object> context,
            Duration timeout,
            List<String> scopeGroups,
            ai.wippy.call.SecurityScope scope) {}

    private static LuaTable executor(Supplier<RunningRegistry> runtime, Options options) {
        LuaTable t = new LuaModuleTable();
        t.set("call", new Call(runtime, options));
        t.set("async", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs all) {
                Varargs args = withoutSelf(all);
                String id = args.checkjstring(1);
                List<Object> callArgs = rest(args);
                FunctionCaller caller = caller(runtime, options).withBaseContext(CallContext.current());
                CompletableFuture<Object> future =
                        caller.callAsync(id, callArgs.toArray()).toFuture();
                return future(future);
            }
        });
        t.set("with_context", new SelfArgFunction() {
            @Override
            public LuaValue apply(LuaValue values) {
                Map<String, Object> more = new HashMap<>(options.context());
                if (LuaValues.toJava(values) instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> more.put(String.valueOf(k), v));
                }
                return executor(
                        runtime,
                        new Options(options.actor(), more, options.timeout(), options.scopeGroups(), options.scope()));
            }
        });
        t.set("with_actor", new SelfArgFunction() {
            @Override
            public LuaValue apply(LuaValue actor) {
                return executor(
                        runtime,
                        new Options(
                                actorOf(actor),
                                options.context(),
                                options.timeout(),
                                options.scopeGroups(),
                                options.scope()));
            }
        });
        t.set("with_scope", new SelfArgFunction() {
            @Override
            public LuaValue apply(LuaValue groups) {
                ai.wippy.call.SecurityScope scope = LuaSecurityModule.unwrap(groups);
                if (scope != null) {
                    return executor(
                            runtime, new Options(options.actor(), options.context(), options.timeout(), null, scope));
                }
                Object g = LuaValues.toJava(groups);
                List<String> names =
                        g instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(g));
                return executor(
                        runtime, new Options(options.actor(), options.context(), options.timeout(), names, null));
            }
        });
        t.set("with_options", new SelfArgFunction() {
            @Override
            public LuaValue apply(LuaValue opts) {
                LuaValue timeout = opts.get("timeout");
                Duration d = timeout.isnil() ? options.timeout() : Duration.ofMillis(timeout.checklong());
                return executor(
                        runtime,
                        new Options(options.actor(), options.context(), d, options.scopeGroups(), options.scope()));
            }
        });
        return t;
    }

    /**
     * An executor's {@code call}: {@code exec.call(id, ...)} or {@code exec:call(id, ...)}. The calls
     * LuaJ makes with up to three values and one result ({@code local v = funcs.call(id, a, b)}) come
     * in as values, without an argument list; a function of scalars called with plain numbers and
     * booleans then takes the scalar path without allocating. Every other call takes the general one.
     *
     * <p>The call site is bound to what it called last ({@link Bound}): the same ID again (the same
     * Lua string: a constant of the calling function) goes straight to the kept handle's scalar call,
     * with no lookup of the ID, no argument list and no look-up of the thread's context.
     */
    private static final class Call extends VarArgFunction {
        private final Supplier<RunningRegistry> runtime;
        private final Options options;
        private Bound last;

        Call(Supplier<RunningRegistry> runtime, Options options) {
            this.runtime = runtime;
            this.options = options;
        }

        @Override
        public LuaValue call(LuaValue a) {
            LuaValue out = bound(a, 0, NIL, NIL);
            if (out != null) {
                return out;
            }
            return a.istable()
                    ? invoke(a).arg1()
                    : call(null, a, 0, NIL, NIL, NIL).arg1();
        }

        @Override
        public LuaValue call(LuaValue a, LuaValue b) {
            LuaValue out = bound(a, 1, b, NIL);
            if (out != null) {
                return out;
            }
            return a.istable()
                    ? call(null, b, 0, NIL, NIL, NIL).arg1()
                    : call(null, a, 1, b, NIL, NIL).arg1();
        }

        @Override
        public LuaValue call(LuaValue a, LuaValue b, LuaValue c) {
            LuaValue out = bound(a, 2, b, c);
            if (out != null) {
                return out;
            }
            return a.istable()
                    ? call(null, b, 1, c, NIL, NIL).arg1()
                    : call(null, a, 2, b, c, NIL).arg1();
        }

        @Override
        public Varargs invoke(Varargs all) {
            Varargs args = withoutSelf(all);
            return call(args, args.arg1(), args.narg() - 1, args.arg(2), args.arg(3), args.arg(4));
        }

        /**
         * The bound call site's fast path: the result of calling {@code key} again with {@code n}
         * (at most two) plain scalar arguments, or {@code null} when the general {@link #call} must
         * decide (another ID, a registry changed under it, another thread, arguments the scalar path
         * does not take as they are).
         */
        private LuaValue bound(LuaValue key, int n, LuaValue x, LuaValue y) {
            Bound l = last;
            if (l == null || l.key() != key || l.scalar() == null || !l.holds(runtime.get())) {
                return null;
            }
            try {
                return l.scalar().call(l.caller(), l.id(), n, x, y, NIL, null);
            } catch (GuestErrorException e) {
                return guestError(e).arg1();
            } catch (WippyException e) {
                return LuaErrors.failure(e).arg1();
            }
        }

        /**
         * The call of {@code key} with {@code n} arguments, the first three of them {@code x}, {@code
         * y}, {@code z}; {@code args} is the ID and all arguments as a list, or {@code null} when the
         * call came as values ({@code n <= 3}: the list is made if the general path needs it).
         */
        private Varargs call(Varargs args, LuaValue key, int n, LuaValue x, LuaValue y, LuaValue z) {
            Bound l = last;
            RunningRegistry rt = runtime.get();
            boolean same = l != null
                    && l.holds(rt)
                    && (key == l.key() || (key.isstring() && !key.isnumber() && key.raweq(l.key())));
            try {
                if (!same) {
                    l = bind(rt, key);
                }
                if (l.scalar() != null) {
                    LuaValue out = l.scalar().call(l.caller(), l.id(), n, x, y, z, args);
                    if (out != null) {
                        return out;
                    }
                }
                if (args == null) {
                    args = LuaValue.varargsOf(new LuaValue[] {key, x, y, z}, 0, n + 1);
                }
                // a WIT result comes back as data, {ok = v} or {err = e}, as in Wippy
                return LuaValues.toLua(l.caller().callCanonical(l.handle(), rest(args)));
            } catch (GuestErrorException e) {
                return guestError(e);
            } catch (WippyException e) {
                return LuaErrors.failure(e);
            }
        }

        /**
         * Binds this call site to {@code key}'s handle. Inside a call (the executor lives in that call's
         * sandbox) the caller is given the call's context as its base, so that calls from the call's
         * own thread do not look it up again: on that thread it is the current context for as long as
         * the sandbox lives. A call from another thread (a coroutine's) binds again.
         */
        private Bound bind(RunningRegistry rt, LuaValue key) {
            CallHandle handle = rt.handle(key.checkjstring());
            FunctionCaller caller = caller(runtime, options);
            CallContext active = CallContext.activeOrNull();
            Thread owner = null;
            if (active != null && options.scopeGroups() == null) {
                caller = caller.withBaseContext(active);
                owner = Thread.currentThread();
            }
            Bound l = new Bound(
                    rt,
                    caller,
                    handle,
                    handle.id(),
                    key,
                    LuaScalarCall.of(handle, owner != null ? CallContext.frame() : null, caller.plainBase()),
                    owner,
                    options.scopeGroups() == null);
            last = l;
            return l;
        }
    }

    private static Varargs guestError(GuestErrorException e) {
        return LuaValue.varargsOf(LuaValue.NIL, LuaErrors.of(ErrorKind.GUEST_ERROR, String.valueOf(e.errorValue())));
    }

    /**
     * What an executor's {@code call} called last (see there): the handle follows registry updates by
     * itself; the binding is made again when the running registry changes, on another thread than
     * the one that made it, and on every call of an executor whose scope is named by groups (the
     * policies may have changed); the same Lua string as the last ID is not decoded again.
     */
    private record Bound(
            RunningRegistry runtime,
            FunctionCaller caller,
            CallHandle handle,
            String id,
            LuaValue key,
            LuaScalarCall scalar,
            Thread owner,
            boolean keep) {

        /** Whether this binding still serves a call made now on this thread, with {@code rt} running. */
        boolean holds(RunningRegistry rt) {
            return keep && runtime == rt && (owner == null || owner == Thread.currentThread());
        }
    }

    /** {@code exec:call(id, ...)} and {@code exec.call(id, ...)} both work: a leading table is the executor. */
    private static Varargs withoutSelf(Varargs args) {
        return args.arg1().istable() ? args.subargs(2) : args;
    }

    /** A one-argument executor method callable as {@code exec:with_x(v)} or {@code exec.with_x(v)}. */
    private abstract static class SelfArgFunction extends VarArgFunction {
        abstract LuaValue apply(LuaValue value);

        @Override
        public Varargs invoke(Varargs args) {
            return apply(args.narg() >= 2 ? args.arg(2) : args.arg1());
        }
    }

    private static Actor actorOf(LuaValue v) {
        if (v.isstring()) {
            return Actor.of(v.tojstring());
        }
        Object meta = LuaValues.toJava(v.get("meta"));
        @SuppressWarnings("unchecked")
        Map<String, Object> m = meta instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        return new Actor(v.get("id").checkjstring(), m);
    }

    private static FunctionCaller caller(Supplier<RunningRegistry> runtime, Options options) {
        FunctionCaller caller = runtime.get().caller();
        if (options.actor() != null) {
            caller = caller.withActor(options.actor());
        }
        if (!options.context().isEmpty()) {
            caller = caller.withContext(options.context());
        }
        if (options.timeout() != null) {
            caller = caller.withTimeout(options.timeout());
        }
        if (options.scope() != null) {
            caller = caller.withScope(options.scope());
        }
        if (options.scopeGroups() != null) {
            caller = caller.withScope(runtime.get().policies().scopeForGroups(options.scopeGroups()));
        }
        return caller;
    }

    private static List<Object> rest(Varargs args) {
        List<Object> out = new ArrayList<>();
        for (int i = 2; i <= args.narg(); i++) {
            out.add(LuaValues.toJava(args.arg(i)));
        }
        return out;
    }

    private static LuaTable future(CompletableFuture<Object> future) {
        LuaTable f = new LuaTable();
        f.set("is_complete", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue self) {
                return LuaValue.valueOf(future.isDone());
            }
        });
        f.set("result", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue self) {
                try {
                    return LuaValues.toLua(future.join());
                } catch (Exception e) {
                    return LuaValue.NIL;
                }
            }
        });
        f.set("error", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue self) {
                try {
                    future.join();
                    return LuaValue.NIL;
                } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    if (cause instanceof WippyException w) {
                        return LuaErrors.of(w);
                    }
                    return LuaErrors.of(ErrorKind.CANCELED, String.valueOf(cause.getMessage()));
                }
            }
        });
        f.set("cancel", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue self) {
                return LuaValue.valueOf(future.cancel(true));
            }
        });
        OneArgFunction self = new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue s) {
                return s;
            }
        };
        f.set("response", self);
        f.set("channel", self);
        return f;
    }

    // --- ctx, json, logger, time -------------------------------------------------------------------

    private static LuaTable ctx() {
        LuaTable t = new LuaModuleTable();
        t.set(
                "get",
                LuaValues.fn(a ->
                        LuaValues.toLua(CallContext.current().value(a.arg1().checkjstring()))));
        return t;
    }

    private static LuaTable json() {
        LuaTable t = new LuaModuleTable();
        t.set(
                "encode",
                jsonFunction("json.encode", v -> LuaValue.valueOf(JSON.writeValueAsString(LuaValues.toJava(v)))));
        t.set(
                "decode",
                jsonFunction("json.decode", s -> LuaValues.toLua(JSON.readValue(s.checkjstring(), Object.class))));
        return t;
    }

    /** What {@code json.encode} and {@code json.decode} do with their argument; a failure names the function. */
    private interface JsonOp {
        LuaValue apply(LuaValue v) throws Exception;
    }

    private static LuaValue jsonFunction(String name, JsonOp op) {
        return LuaValues.fn(a -> {
            try {
                return op.apply(a.arg1());
            } catch (Exception e) {
                throw new LuaError(name + ": " + e.getMessage());
            }
        });
    }

    private static LuaTable logger(String entryId) {
        Logger log = LoggerFactory.getLogger("wippy.lua." + entryId);
        Map<String, java.util.function.Consumer<String>> levels =
                Map.of("info", log::info, "warn", log::warn, "error", log::error, "debug", log::debug);
        LuaTable t = new LuaModuleTable();
        levels.forEach((level, write) -> t.set(level, LuaValues.fn(a -> {
            write.accept(a.arg1().tojstring());
            return LuaValue.NIL;
        })));
        return t;
    }

    private static LuaTable time() {
        LuaTable t = new LuaModuleTable();
        t.set("sleep", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue d) {
                Duration duration = Durations.parse(d.isnumber() ? (Object) d.todouble() : d.tojstring());
                try {
                    Thread.sleep(duration); // calls run on virtual threads: this parks, it holds no platform thread
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LuaInterrupted();
                }
                return LuaValue.NIL;
            }
        });
        t.set("after", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue d) {
                return LuaChannels.after(d);
            }
        });
        return t;
    }

    /** For the result of a whole Lua call: a ResultValue error in a returned value stays data. */
    static Object plain(Object v) {
        return v instanceof ResultValue r && r.ok() ? r.value() : v;
    }
}
