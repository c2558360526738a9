package ai.wippy.lua;

import ai.wippy.call.WippyException;
import ai.wippy.spi.CallHandle;
import ai.wippy.spi.FunctionCaller;
import ai.wippy.spi.ScalarCall;
import ai.wippy.spi.ScalarValues;
import ai.wippy.wit.WitType.Primitive;
import org.luaj.vm2.LuaDouble;
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
    private final Primitive result;

    private LuaScalarCall(ScalarCall scalar) {
        this.scalar = scalar;
        this.params = new Primitive[scalar.signature().params().size()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (Primitive) scalar.signature().params().get(i).type();
        }
        this.result = (Primitive) scalar.signature().result();
    }

    /** The scalar call of {@code handle}'s function, or {@code null} when it is not all scalars (or not there). */
    static LuaScalarCall of(CallHandle handle) {
        try {
            return new LuaScalarCall(handle.scalar(args -> {
                throw CHANGED;
            }));
        } catch (WippyException e) {
            return null;
        }
    }

    /**
     * The call's result as Lua values, or {@code null} when the general path must make it: {@code
     * args} holds the ID first, then the arguments.
     */
    Varargs call(FunctionCaller caller, String id, Varargs args) {
        if (args.narg() - 1 != params.length) {
            return null;
        }
        long[] core = new long[params.length];
        for (int i = 0; i < params.length; i++) {
            LuaValue v = args.arg(i + 2);
            Primitive p = params[i];
            long c;
            if (p == Primitive.BOOL) {
                if (!v.isboolean()) {
                    return null;
                }
                c = v.toboolean() ? 1L : 0L;
            } else if (p == Primitive.F64) {
                if (!(v instanceof LuaDouble) && !v.isinttype()) {
                    return null;
                }
                c = Double.doubleToRawLongBits(v.todouble());
            } else if (p == Primitive.F32 || p == Primitive.CHAR) {
                return null; // rounding to f32, one-character strings: the general path decides
            } else {
                if (!v.isinttype()) {
                    return null;
                }
                c = v.tolong();
                if (!ScalarValues.accepts(p, c)) {
                    return null;
                }
            }
            core[i] = c;
        }
        try {
            long r = caller.callScalar(scalar, id, core);
            return LuaValues.toLua(result == null ? null : ScalarValues.toCanonical(result, r));
        } catch (SignatureChanged e) {
            return null;
        }
    }
}
