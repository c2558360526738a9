package ai.wippy.lua;

import ai.wippy.call.Actor;
import ai.wippy.call.CallContext;
import ai.wippy.call.Decision;
import ai.wippy.call.SecurityScope;
import ai.wippy.security.Policy;
import ai.wippy.security.PolicyScope;
import ai.wippy.spi.RunningRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.ZeroArgFunction;

/**
 * The Lua {@code security} module: {@code actor()}, {@code can(action, resource, meta)},
 * {@code new_actor(id, meta)}, {@code policy(id)}, {@code named_scope(group)}, and scopes with
 * {@code with}, {@code without}, {@code contains} and {@code evaluate}. Actors and scopes built here
 * are used with {@code funcs.new():with_actor(a):with_scope(s)}, which is itself checked
 * ({@code funcs.security}).
 */
public final class LuaSecurityModule {

    private LuaSecurityModule() {}

    /** The {@code security} module ({@link LuaModule#of}). */
    public static LuaModule module() {
        return LuaModule.of("security", LuaSecurityModule::create);
    }

    private static LuaValue create(Supplier<RunningRegistry> runtime, String entryId) {
        LuaTable t = new LuaTable();
        t.set("actor", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                Actor a = CallContext.current().actor();
                return a == null ? LuaValue.NIL : actor(a);
            }
        });
        t.set("can", LuaValues.fn(args -> {
            CallContext ctx = CallContext.current();
            Object meta = LuaValues.toJava(args.arg(3));
            @SuppressWarnings("unchecked")
            Map<String, Object> m = meta instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of();
            Decision d = runtime.get().accessGuard().decide(ctx, args.checkjstring(1), args.checkjstring(2), m);
            return LuaValue.valueOf(d == Decision.ALLOW);
        }));
        t.set("new_actor", LuaValues.fn(args -> {
            Object meta = LuaValues.toJava(args.arg(2));
            @SuppressWarnings("unchecked")
            Map<String, Object> m = meta instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of();
            return actor(new Actor(args.checkjstring(1), m));
        }));
        t.set(
                "policy",
                LuaValues.fn(args -> runtime.get()
                        .policies()
                        .policy(args.checkjstring(1))
                        .<LuaValue>map(LuaValue::userdataOf)
                        .orElse(LuaValue.NIL)));
        t.set(
                "named_scope",
                LuaValues.fn(args -> scope(runtime.get().policies().scopeForGroups(List.of(args.checkjstring(1))))));
        t.set("new_scope", LuaValues.fn(args -> scope(PolicyScope.empty())));
        return t;
    }

    static LuaTable actor(Actor a) {
        LuaTable t = new LuaTable();
        t.set("id", a.id());
        t.set("meta", LuaValues.toLua(a.meta()));
        return t;
    }

    /** A scope as Lua sees it: a table with methods, carrying the Java scope for with_scope. */
    static LuaTable scope(PolicyScope scope) {
        LuaTable t = new LuaTable();
        t.set("__scope", LuaValue.userdataOf(scope));
        t.set("with", LuaValues.fn(args -> scope(scope.with(policyOf(args.arg(2))))));
        t.set("without", LuaValues.fn(args -> scope(scope.without(policyOf(args.arg(2))))));
        t.set("contains", LuaValues.fn(args -> LuaValue.valueOf(scope.contains(policyOf(args.arg(2))))));
        t.set("evaluate", LuaValues.fn(args -> {
            Actor a = CallContext.current().actor();
            LuaValue actorArg = args.arg(2);
            if (actorArg.istable()) {
                Object meta = LuaValues.toJava(actorArg.get("meta"));
                @SuppressWarnings("unchecked")
                Map<String, Object> m = meta instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of();
                a = new Actor(actorArg.get("id").checkjstring(), m);
            }
            Object meta = LuaValues.toJava(args.arg(5));
            @SuppressWarnings("unchecked")
            Map<String, Object> m = meta instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of();
            return LuaValue.valueOf(scope.evaluate(a, args.checkjstring(3), args.checkjstring(4), m)
                    .name()
                    .toLowerCase());
        }));
        return t;
    }

    /** The Java scope behind a Lua scope table, for funcs executors. */
    static SecurityScope unwrap(LuaValue v) {
        LuaValue s = v.istable() ? v.get("__scope") : LuaValue.NIL;
        return s instanceof LuaUserdata u && u.touserdata() instanceof SecurityScope scope ? scope : null;
    }

    private static Policy policyOf(LuaValue v) {
        if (v instanceof LuaUserdata u && u.touserdata() instanceof Policy p) {
            return p;
        }
        throw new org.luaj.vm2.LuaError("expected a policy from security.policy(id)");
    }
}
