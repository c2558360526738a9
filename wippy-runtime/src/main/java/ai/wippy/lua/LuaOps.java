package ai.wippy.lua;

import org.luaj.vm2.Buffer;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.TailcallVarargs;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;

/**
 * The operations of the Lua instructions that {@link LuaCodegen} does not write out inline (those
 * with loops, several outcomes or varargs), as LuaJ's interpreter does them ({@code
 * LuaClosure.execute}) on a frame's registers, one static method per instruction. Each takes the
 * instruction word {@code i} itself: the compiled code passes it as a constant, so once the JIT
 * inlines a method its operand decoding folds away.
 */
final class LuaOps {

    private LuaOps() {}

    private static int a(int i) {
        return (i >> 6) & 0xff;
    }

    private static int b(int i) {
        return i >>> 23;
    }

    private static int c(int i) {
        return (i >> 14) & 0x1ff;
    }

    /** RK(x): a constant when {@code x > 255}, else a register. */
    private static LuaValue rk(LuaValue[] s, LuaValue[] k, int x) {
        return x > 0xff ? k[x & 0xff] : s[x];
    }

    /**
     * ADD: {@code x.add(y)}, with two integers added here (what {@code LuaInteger.add} computes, an
     * integer or, past the int range, a double) so that the JIT sees no double dispatch in a loop.
     */
    static LuaValue add(LuaValue x, LuaValue y) {
        return x instanceof LuaInteger a && y instanceof LuaInteger b ? LuaInteger.valueOf(a.v + (long) b.v) : x.add(y);
    }

    static void loadbool(LuaValue[] s, int i) {
        s[a(i)] = b(i) != 0 ? LuaValue.TRUE : LuaValue.FALSE;
    }

    static void loadnil(LuaValue[] s, int i) {
        for (int a = a(i), n = a + b(i); a <= n; a++) {
            s[a] = LuaValue.NIL;
        }
    }

    static void newtable(LuaValue[] s, int i) {
        s[a(i)] = new LuaTable(b(i), c(i));
    }

    static void self(LuaValue[] s, LuaValue[] k, int i) {
        LuaValue o = s[b(i)];
        s[a(i) + 1] = o;
        s[a(i)] = o.get(rk(s, k, c(i)));
    }

    static void concat(LuaValue[] s, int i) {
        int b = b(i);
        int c = c(i);
        if (c > b + 1) {
            Buffer sb = s[c].buffer();
            while (--c >= b) {
                sb = s[c].concat(sb);
            }
            s[a(i)] = sb.value();
        } else {
            s[a(i)] = s[c - 1].concat(s[c]);
        }
    }

    /** TESTSET: true when the next instruction is skipped, else {@code R(A) := R(B)}. */
    static boolean testset(LuaValue[] s, int i) {
        LuaValue o = s[b(i)];
        if (o.toboolean() != ((i & (0x1ff << 14)) != 0)) {
            return true;
        }
        s[a(i)] = o;
        return false;
    }

    /** CALL with {@code 1 <= B <= 4} and {@code C} 1 or 2: fixed arguments, none or one result. */
    /** Any other CALL; the new {@code v} (the results when C is 0, else none). */
    static Varargs invoke(LuaValue[] s, int i, Varargs v, int top) {
        int a = a(i);
        int c = c(i);
        Varargs r = s[a].invoke(args(s, a + 1, b(i), v, top));
        if (c > 0) {
            for (int j = 0; j < c - 1; j++) {
                s[a + j] = r.arg(j + 1);
            }
            return LuaValue.NONE;
        }
        return dealias(r);
    }

    /**
     * The results as a Varargs of their own: the callee may have returned a view of registers (its
     * arguments in this frame's stack) that the next instructions overwrite. LuaJ's own {@code
     * Varargs.dealias} is package-private; this is the same copy.
     */
    private static Varargs dealias(Varargs r) {
        int n = r.narg();
        switch (n) {
            case 0:
                return LuaValue.NONE;
            case 1:
                return r.arg1();
            case 2:
                return LuaValue.varargsOf(r.arg1(), r.arg(2));
            default:
                LuaValue[] v = new LuaValue[n];
                for (int j = 0; j < n; j++) {
                    v[j] = r.arg(j + 1);
                }
                return LuaValue.varargsOf(v);
        }
    }

    static Varargs tailcall(LuaValue[] s, int i, Varargs v, int top) {
        int a = a(i);
        return new TailcallVarargs(s[a], args(s, a + 1, b(i), v, top));
    }

    /** The arguments from register {@code from}: {@code b - 1} of them, or up to the last call's top when 0. */
    private static Varargs args(LuaValue[] s, int from, int b, Varargs v, int top) {
        return switch (b) {
            case 1 -> LuaValue.NONE;
            case 2 -> s[from];
            case 3 -> LuaValue.varargsOf(s[from], s[from + 1]);
            case 4 -> LuaValue.varargsOf(s[from], s[from + 1], s[from + 2]);
            case 0 -> LuaValue.varargsOf(s, from, top - v.narg() - from, v);
            default -> LuaValue.varargsOf(s, from, b - 1);
        };
    }

    static Varargs ret(LuaValue[] s, int i, Varargs v, int top) {
        int a = a(i);
        return switch (b(i)) {
            case 0 -> LuaValue.varargsOf(s, a, top - v.narg() - a, v);
            case 1 -> LuaValue.NONE;
            case 2 -> s[a];
            default -> LuaValue.varargsOf(s, a, b(i) - 1);
        };
    }

    static void forprep(LuaValue[] s, int i) {
        int a = a(i);
        LuaValue init = s[a].checknumber("'for' initial value must be a number");
        LuaValue limit = s[a + 1].checknumber("'for' limit must be a number");
        LuaValue step = s[a + 2].checknumber("'for' step must be a number");
        s[a] = init.sub(step);
        s[a + 1] = limit;
        s[a + 2] = step;
    }

    /** After FORPREP: whether the loop's index, limit and step (R(A), R(A+1), R(A+2)) are all integers. */
    static boolean ints(LuaValue[] s, int a) {
        return s[a] instanceof LuaInteger && s[a + 1] instanceof LuaInteger && s[a + 2] instanceof LuaInteger;
    }

    static void tforcall(LuaValue[] s, int i) {
        int a = a(i);
        Varargs v = s[a].invoke(LuaValue.varargsOf(s[a + 1], s[a + 2]));
        for (int c = c(i); --c >= 0; ) {
            s[a + 3 + c] = v.arg(c + 1);
        }
    }

    /** TFORLOOP: true when the loop goes on. */
    static boolean tforloop(LuaValue[] s, int i) {
        int a = a(i);
        if (s[a + 1].isnil()) {
            return false;
        }
        s[a] = s[a + 1];
        return true;
    }

    /** SETLIST with its block number {@code c} (already read from EXTRAARG when the instruction's C is 0). */
    static void setlist(LuaValue[] s, int i, int c, Varargs v, int top) {
        int a = a(i);
        int offset = (c - 1) * Lua.LFIELDS_PER_FLUSH;
        LuaValue o = s[a];
        int b = b(i);
        if (b == 0) {
            b = top - a - 1;
            int m = b - v.narg();
            int j = 1;
            for (; j <= m; j++) {
                o.set(offset + j, s[a + j]);
            }
            for (; j <= b; j++) {
                o.set(offset + j, v.arg(j - m));
            }
        } else {
            o.presize(offset + b);
            for (int j = 1; j <= b; j++) {
                o.set(offset + j, s[a + j]);
            }
        }
    }

    /** VARARG with B > 0: {@code R(A) ... R(A+B-2) := vararg}. */
    static void vararg(LuaValue[] s, Varargs varargs, int i) {
        int a = a(i);
        for (int j = 1, b = b(i); j < b; ++j) {
            s[a + j - 1] = varargs.arg(j);
        }
    }

    // --- upvalues: open ones indexed by their register (the interpreter searches a list by index) ---

    static UpValue findupval(LuaValue[] s, int idx, UpValue[] open) {
        UpValue u = open[idx];
        if (u == null) {
            u = open[idx] = new UpValue(s, idx);
        }
        return u;
    }

    /** Closes the open upvalues of registers {@code from} and up (a JMP with A > 0, or the frame's end). */
    static void close(UpValue[] open, int from) {
        for (int r = open.length; --r >= from; ) {
            if (open[r] != null) {
                open[r].close();
                open[r] = null;
            }
        }
    }
}
