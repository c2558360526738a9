package ai.wippy.lua;

import ai.wippy.call.CallContext;
import ai.wippy.call.WippyException;
import ai.wippy.spi.CallHandle;
import ai.wippy.spi.FunctionCaller;
import ai.wippy.spi.ScalarCall;
import ai.wippy.spi.ScalarValues;
import ai.wippy.wit.WitType.Primitive;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code funcs.call} of a function of scalars with plain Lua arguments: integers, booleans and
 * floats go straight to core values and the result straight back, without the general conversions
 * (an argument list of Java values, checks against the signature, lowering, lifting). Any argument
 * it does not take as it is (a string, a table, a value out of range, the wrong count) leaves the
 * call to the general path, which reports it; so does a call after an update changed the signature.
 */
final class LuaScalarCall {

    /** Thrown by the scalar call's fallback: the signature changed, the general path takes over. */
    private static final class SignatureChanged extends RuntimeException {
        SignatureChanged() {
            super("the signature changed", null, false, false);
        }
    }

    private static final SignatureChanged CHANGED = new SignatureChanged();

    private final ScalarCall scalar;
    private final Primitive[] params;
    /** Per parameter: every Lua integer (a Java {@code int}) is a core value of it as it is (s32, s64, u64). */
    private final boolean[] anyInt;

    private final Primitive result;

    /** The arity when it is one or two parameters that take every Lua integer as it is, else 0. */
    private final int intArity;

    /** The frame of the one thread this call is made on, or {@code null} (any thread: looked up per call). */
    private final CallContext.Frame frame;

    /**
     * With {@link #frame}: the context every call on that thread runs under, when the caller adds
     * nothing to it ({@link FunctionCaller#plainBase}), else {@code null} (the caller makes it per call).
     */
    private final CallContext base;

    private LuaScalarCall(ScalarCall scalar, CallContext.Frame frame, CallContext base) {
        this.scalar = scalar;
        this.frame = frame;
        this.base = frame != null ? base : null;
        this.params = new Primitive[scalar.signature().params().size()];
        this.anyInt = new boolean[params.length];
        for (int i = 0; i < params.length; i++) {
            Primitive p = (Primitive) scalar.signature().params().get(i).type();
            params[i] = p;
            // an integer type (not bool, char or a float) whose range holds every int
            anyInt[i] = p != Primitive.BOOL
                    && p != Primitive.CHAR
                    && p != Primitive.F32
                    && p != Primitive.F64
                    && ScalarValues.accepts(p, Integer.MIN_VALUE)
                    && ScalarValues.accepts(p, Integer.MAX_VALUE);
        }
        this.result = (Primitive) scalar.signature().result();
        this.intArity = params.length == 1 && anyInt[0] ? 1 : params.length == 2 && anyInt[0] && anyInt[1] ? 2 : 0;
    }

    /**
     * The scalar call of {@code handle}'s function, or {@code null} when it is not all scalars (or not
     * there); {@code frame} is the frame of the only thread that will make it ({@code null} for any),
     * and {@code base} the context calls there run under when it is fixed ({@code null} when not).
     */
    static LuaScalarCall of(CallHandle handle, CallContext.Frame frame, CallContext base) {
        try {
            return new LuaScalarCall(
                    handle.scalar(args -> {
                        throw CHANGED;
                    }),
                    frame,
                    base);
        } catch (WippyException e) {
            return null;
        }
    }

    /** The core values of the last call, kept for the next one (a nested call on the same thread finds it taken). */
    private long[] spare;

    /**
     * The call's result as a Lua value, or {@code null} when the general path must make it: {@code n}
     * arguments, the first three {@code x}, {@code y}, {@code z}, the rest (when {@code n > 3}) from
     * {@code args}, which holds the ID first and then all the arguments.
     */
    LuaValue call(FunctionCaller caller, String id, int n, LuaValue x, LuaValue y, LuaValue z, Varargs args) {
        if (n != params.length) {
            return null;
        }
        if (n == intArity && x instanceof LuaInteger a && (n == 1 || y instanceof LuaInteger)) {
            // one or two integers: straight to the scalar call, no array of its own
            try {
                return result(
                        n == 1
                                ? caller.callScalar(scalar, id, a.v)
                                : base != null
                                        ? scalar.invoke(frame, base, a.v, ((LuaInteger) y).v)
                                        : frame != null
                                                ? caller.callScalar(scalar, id, frame, a.v, ((LuaInteger) y).v)
                                                : caller.callScalar(scalar, id, a.v, ((LuaInteger) y).v));
            } catch (SignatureChanged e) {
                return null;
            }
        }
        long[] core = spare;
        spare = null;
        if (core == null) {
            core = new long[n];
        }
        try {
            if ((n > 0 && !core(core, 0, x)) || (n > 1 && !core(core, 1, y)) || (n > 2 && !core(core, 2, z))) {
                return null;
            }
            for (int i = 3; i < n; i++) {
                if (!core(core, i, args.arg(i + 2))) {
                    return null;
                }
            }
            return result(caller.callScalar(scalar, id, core));
        } catch (SignatureChanged e) {
            return null;
        } finally {
            spare = core;
        }
    }

    /** Puts the core value of argument {@code i} into {@code core}; false when the general path must take it. */
    private boolean core(long[] core, int i, LuaValue v) {
        if (anyInt[i] && v instanceof LuaInteger li) {
            core[i] = li.v; // the common case, kept small enough to inline
            return true;
        }
        return checked(core, i, v);
    }

    /** {@link #core} of any other value: the parameter's type decides. */
    private boolean checked(long[] core, int i, LuaValue v) {
        Primitive p = params[i];
        long c;
        if (p == Primitive.BOOL) {
            if (!v.isboolean()) {
                return false;
            }
            c = v.toboolean() ? 1L : 0L;
        } else if (p == Primitive.F64) {
            if (!(v instanceof LuaDouble) && !v.isinttype()) {
                return false;
            }
            c = Double.doubleToRawLongBits(v.todouble());
        } else if (p == Primitive.F32 || p == Primitive.CHAR) {
            return false; // rounding to f32, one-character strings: the general path decides
        } else {
            if (!v.isinttype()) {
                return false;
            }
            c = v.tolong();
            if (!ScalarValues.accepts(p, c)) {
                return false;
            }
        }
        core[i] = c;
        return true;
    }

    /** The Lua value of result {@code r}: as {@link LuaValues#toLua} makes it of the canonical value, without boxing. */
    private LuaValue result(long r) {
        if (result == null) {
            return LuaValue.NIL;
        }
        return switch (result) {
            case BOOL -> LuaValue.valueOf(r != 0L);
            case S8, U8, S16, U16, S32 -> LuaValue.valueOf((int) r);
            default -> LuaValues.toLua(ScalarValues.toCanonical(result, r));
        };
    }
}
