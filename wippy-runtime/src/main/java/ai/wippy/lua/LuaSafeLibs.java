package ai.wippy.lua;

import java.util.Arrays;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The built-ins of a call's {@code string} and {@code table} tables that allocate or loop in Java,
 * replaced or wrapped so that they charge the call's memory budget before they allocate and check
 * its time limit while they loop ({@link LuaGuard}). The patterns are in {@link LuaPatterns}.
 */
final class LuaSafeLibs {

    private static final long VALUE_BYTES = 16;

    // the names of the functions replaced, made once (a name made from a Java string is hashed and looked up)
    private static final LuaString K_REP = LuaString.valueOf("rep");
    private static final LuaString K_UPPER = LuaString.valueOf("upper");
    private static final LuaString K_LOWER = LuaString.valueOf("lower");
    private static final LuaString K_REVERSE = LuaString.valueOf("reverse");
    private static final LuaString K_FORMAT = LuaString.valueOf("format");
    private static final LuaString K_BYTE = LuaString.valueOf("byte");
    private static final LuaString K_CONCAT = LuaString.valueOf("concat");
    private static final LuaString K_SORT = LuaString.valueOf("sort");
    private static final LuaString K_UNPACK = LuaString.valueOf("unpack");

    private LuaSafeLibs() {}

    static void install(LuaTable string, LuaTable table, LuaGuard guard) {
        LuaPatterns.install(string, guard);
        string.rawset(K_REP, LuaValues.fn(args -> {
            return rep(args.checkstring(1), args.checklong(2), args.optstring(3, LuaValue.EMPTYSTRING), guard);
        }));
        chargeInput(string, K_UPPER, guard);
        chargeInput(string, K_LOWER, guard);
        chargeInput(string, K_REVERSE, guard);
        LuaValue format = string.rawget(K_FORMAT);
        string.rawset(K_FORMAT, LuaValues.fn(args -> {
            // widths and precisions are at most 99 (LuaJ refuses more): a bound before formatting
            long estimate = args.checkstring(1).m_length * 100L;
            for (int i = 2; i <= args.narg(); i++) {
                LuaValue a = args.arg(i);
                estimate += a instanceof LuaString s ? s.m_length : 64;
            }
            guard.allocate(estimate, "a string");
            return format.invoke(args);
        }));
        LuaValue bytes = string.rawget(K_BYTE);
        string.rawset(K_BYTE, LuaValues.fn(args -> {
            LuaString s = args.checkstring(1);
            long i = args.optlong(2, 1);
            long j = args.optlong(3, i);
            long n = Math.min(j < 0 ? s.m_length + j + 1 : j, s.m_length) - Math.max(1, i < 0 ? s.m_length + i + 1 : i);
            guard.allocate((n + 1) * VALUE_BYTES, "a list of values");
            return bytes.invoke(args);
        }));
        table.rawset(K_CONCAT, LuaValues.fn(args -> {
            LuaTable t = args.checktable(1);
            LuaString sep = args.optstring(2, LuaValue.EMPTYSTRING);
            long i = args.optlong(3, 1);
            long j = args.isnoneornil(4) ? t.length() : args.checklong(4);
            return LuaSafeLibs.concat(t, sep, i, j, guard);
        }));
        table.rawset(K_SORT, LuaValues.fn(args -> {
            LuaTable t = args.checktable(1);
            LuaValue comparator =
                    args.arg(2).isnil() ? LuaValue.NIL : args.arg(2).checkfunction();
            LuaSafeLibs.sort(t, comparator, guard);
            return LuaValue.NONE;
        }));
        LuaValue unpack = table.rawget(K_UNPACK);
        table.rawset(K_UNPACK, LuaValues.fn(args -> {
            LuaTable t = args.checktable(1);
            long i = args.optlong(2, 1);
            long j = args.isnoneornil(3) ? t.length() : args.checklong(3);
            if (j >= i) {
                guard.allocate((j - i + 1) * VALUE_BYTES, "a list of values");
            }
            return unpack.invoke(args);
        }));
    }

    /** Wraps a function whose result is as long as its first argument (upper, lower, reverse). */
    private static void chargeInput(LuaTable string, LuaString name, LuaGuard guard) {
        LuaValue f = string.rawget(name);
        string.rawset(name, LuaValues.fn(args -> {
            guard.allocate(args.checkstring(1).m_length + 40L, "a string");
            return f.invoke(args);
        }));
    }

    static LuaString rep(LuaString s, long n, LuaString sep, LuaGuard guard) {
        if (n <= 0) {
            return LuaValue.EMPTYSTRING;
        }
        long total = (long) Math.min((double) n * s.m_length + (double) (n - 1) * sep.m_length, Long.MAX_VALUE);
        guard.allocate(total, "a string");
        if (total > Integer.MAX_VALUE - 16) {
            throw new LuaLimitExceeded("string.rep: a string of " + total + " bytes cannot be built");
        }
        byte[] out = new byte[(int) total];
        int at = 0;
        for (long k = 0; k < n; k++) {
            guard.step((int) k + 1);
            if (k > 0 && sep.m_length > 0) {
                System.arraycopy(sep.m_bytes, sep.m_offset, out, at, sep.m_length);
                at += sep.m_length;
            }
            System.arraycopy(s.m_bytes, s.m_offset, out, at, s.m_length);
            at += s.m_length;
        }
        return LuaString.valueUsing(out);
    }

    static LuaString concat(LuaTable t, LuaString sep, long i, long j, LuaGuard guard) {
        LuaPatterns.Output out = new LuaPatterns.Output(guard, 64);
        int steps = 0;
        for (long k = i; k <= j; k++) {
            guard.step(++steps);
            LuaValue v = k >= Integer.MIN_VALUE && k <= Integer.MAX_VALUE ? t.get((int) k) : LuaValue.NIL;
            if (!v.isstring()) {
                throw new LuaError("invalid value (at index " + k + ") in table for 'concat'");
            }
            out.append(v.strvalue());
            if (k < j) {
                out.append(sep);
            }
        }
        return out.toLuaString();
    }

    /** Sorts the list part 1..#t; checks the time limit every few thousand comparisons. */
    static void sort(LuaTable t, LuaValue comparator, LuaGuard guard) {
        int n = t.length();
        if (n < 2) {
            return;
        }
        guard.allocate(n * 8L, "a list of values");
        LuaValue[] values = new LuaValue[n];
        for (int k = 0; k < n; k++) {
            values[k] = t.get(k + 1);
        }
        int[] steps = {0};
        try {
            Arrays.sort(values, (a, b) -> {
                guard.step(++steps[0]);
                if (comparator.isnil() ? a.lt_b(b) : comparator.call(a, b).toboolean()) {
                    return -1;
                }
                if (comparator.isnil() ? b.lt_b(a) : comparator.call(b, a).toboolean()) {
                    return 1;
                }
                return 0;
            });
        } catch (IllegalArgumentException e) {
            throw new LuaError("invalid order function for sorting");
        }
        for (int k = 0; k < n; k++) {
            t.set(k + 1, values[k]);
        }
    }
}
