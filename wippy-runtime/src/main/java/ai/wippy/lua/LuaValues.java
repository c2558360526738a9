package ai.wippy.lua;

import ai.wippy.value.ResourceHandle;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Values between Lua and the runtime's canonical host values: tables with keys 1..n are lists
 * (1-based), other tables maps; integers stay integers; {@code list<u8>} is a Lua string; variants
 * are {@code {tag=..., val=...}}; flags and sets are arrays of strings; resources are userdata.
 */
final class LuaValues {

    private LuaValues() {}

    /** A Lua function of {@code body}. */
    static org.luaj.vm2.lib.VarArgFunction fn(
            java.util.function.Function<org.luaj.vm2.Varargs, org.luaj.vm2.Varargs> body) {
        return new org.luaj.vm2.lib.VarArgFunction() {
            @Override
            public org.luaj.vm2.Varargs invoke(org.luaj.vm2.Varargs args) {
                return body.apply(args);
            }
        };
    }

    /**
     * The Java value of {@code v}. Inside a Lua call the copies are charged to the call's memory
     * budget while they are made, so a table holding the same large string many times cannot blow
     * up into a Java tree the JVM cannot hold.
     */
    static Object toJava(LuaValue v) {
        int type = v.type();
        if (type == LuaValue.TNUMBER || type == LuaValue.TBOOLEAN || type == LuaValue.TNIL) {
            return toJava(v, null, null); // scalars copy nothing the guard counts
        }
        LuaGuard guard = LuaGuard.current();
        if (guard == null) {
            return toJava(v, null, new long[1]);
        }
        long[] held = new long[1];
        try {
            return toJava(v, guard, held);
        } finally {
            guard.release(held[0]);
        }
    }

    private static void hold(LuaGuard guard, long[] held, long bytes) {
        if (guard != null) {
            guard.hold(bytes, "a copy of values leaving Lua");
            held[0] += bytes;
        }
    }

    private static Object toJava(LuaValue v, LuaGuard guard, long[] held) {
        switch (v.type()) {
            case LuaValue.TNIL:
                return null;
            case LuaValue.TBOOLEAN:
                return v.toboolean();
            case LuaValue.TNUMBER:
                if (v.isinttype()) {
                    return v.toint();
                }
                double d = v.todouble();
                if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                    long l = (long) d;
                    return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Object) (int) l : (Object) l;
                }
                return d;
            case LuaValue.TSTRING:
                hold(guard, held, 40L + 2L * v.strvalue().m_length);
                return v.tojstring();
            case LuaValue.TTABLE:
                return table((LuaTable) v, guard, held);
            case LuaValue.TUSERDATA:
                if (v.touserdata() instanceof LuaErrors.Error e) {
                    return Map.of("kind", e.kind().name(), "message", e.message()); // an error object as data
                }
                return v.touserdata();
            default:
                throw new IllegalArgumentException("a Lua " + v.typename() + " cannot cross to another function");
        }
    }

    private static Object table(LuaTable t, LuaGuard guard, long[] held) {
        int n = t.length();
        int keys = 0;
        for (LuaValue k = t.next(LuaValue.NIL).arg1(); !k.isnil(); k = t.next(k).arg1()) {
            keys++;
        }
        if (n > 0 && keys == n) {
            List<Object> list = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                hold(guard, held, 16);
                list.add(toJava(t.get(i), guard, held));
            }
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (LuaValue k = t.next(LuaValue.NIL).arg1(); !k.isnil(); k = t.next(k).arg1()) {
            hold(guard, held, 48);
            map.put(k.tojstring(), toJava(t.get(k), guard, held));
        }
        return map;
    }

    static LuaValue toLua(Object v) {
        if (v == null) {
            return LuaValue.NIL;
        }
        if (v instanceof Boolean b) {
            return LuaValue.valueOf(b);
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return LuaValue.valueOf(((Number) v).intValue());
        }
        if (v instanceof Long l) {
            return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE
                    ? LuaValue.valueOf(l.intValue())
                    : LuaValue.valueOf((double) l);
        }
        if (v instanceof BigInteger b) {
            return LuaValue.valueOf(b.doubleValue());
        }
        if (v instanceof Number n) {
            return LuaValue.valueOf(n.doubleValue());
        }
        if (v instanceof String s) {
            return LuaValue.valueOf(s);
        }
        if (v instanceof byte[] bytes) {
            return LuaString.valueOf(bytes);
        }
        if (v instanceof VariantValue vv) {
            LuaTable t = new LuaTable();
            t.set("tag", vv.caseName());
            t.set("val", toLua(vv.payload()));
            return t;
        }
        if (v instanceof ResultValue r) {
            LuaTable t = new LuaTable();
            t.set(r.ok() ? "ok" : "err", toLua(r.value()));
            return t;
        }
        if (v instanceof ResourceHandle) {
            return LuaValue.userdataOf(v);
        }
        if (v instanceof Map<?, ?> m) {
            LuaTable t = new LuaTable();
            m.forEach((k, x) -> t.set(String.valueOf(k), toLua(x)));
            return t;
        }
        if (v instanceof Collection<?> c) {
            LuaTable t = new LuaTable();
            int i = 1;
            for (Object x : c) {
                t.set(i++, toLua(x));
            }
            return t;
        }
        return LuaValue.userdataOf(v);
    }
}
