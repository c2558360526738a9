package ai.wippy.runtime;

import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.spi.ScalarCall;
import ai.wippy.spi.ScalarValues;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.Primitive;

/**
 * A registry function whose WIT parameters and result are all scalars, called with core values and
 * no boxing ({@link FunctionHandle#scalar()}; Wasmtime's {@code TypedFunc} is the model). An argument
 * is the core value of its WIT type: an {@code s32}, {@code s16}, {@code s8} as its signed value, a
 * {@code u32}, {@code u16}, {@code u8} as its unsigned value, a {@code bool} as 0 or 1, a {@code char}
 * as its code point, an {@code f32} or {@code f64} as its raw bits ({@link #f32}, {@link #f64}); the
 * result comes back the same way (0 for a function without one). A value outside its type is
 * refused with {@code INVALID} naming the function and the parameter.
 *
 * <p>Every call goes through the front door as any other: the caller's identity is checked on every
 * call, limits, observation and the pool apply, and a live update is followed (a replaced entry is
 * called; a removed one fails with {@code NOT_FOUND}; an entry whose signature changed fails with
 * {@code INVALID}, since the core values were meant for the old one).
 *
 * <pre>{@code
 * ScalarFunction add = registry.handle("myns:add").scalar();
 * int sum = (int) add.call(6, 7);
 * }</pre>
 */
public final class ScalarFunction implements ScalarCall {

    private final FunctionHandle handle;
    private final FunctionSignature signature;
    final Primitive[] params;
    final Primitive result;
    /** Where calls go once an update changed the signature, or {@code null} to refuse them. */
    final ScalarCall.Fallback whenChanged;
    /**
     * The range of each parameter's core values ({@link ScalarValues#accepts} as two comparisons); a
     * {@code char} also excludes the surrogates ({@link #chars}).
     */
    private final long[] lowest;

    private final long[] highest;
    private final boolean chars;
    /**
     * The fused checks of {@link #call(long, long)} and its siblings: the arity they accept ({@code
     * -1} when a {@code char} needs its surrogates excluded, or past {@link CallContext.Frame#MAX_SCRATCH}
     * parameters), and each parameter's lowest core value and span ({@link #in}), as fields the JIT
     * keeps in registers instead of two arrays and a loop.
     */
    private final int fusedArity;

    private final long lo0;
    private final long lo1;
    private final long lo2;
    private final long lo3;
    private final long span0;
    private final long span1;
    private final long span2;
    private final long span3;
    /** The last signature of the function found equal to {@link #signature} after an update. */
    private volatile FunctionSignature checkedFor;
    /**
     * The resolution of the handle ({@code FunctionHandle.Target}) this was last found to fit: on the
     * scalar path, its signature this one's. One identity compare then stands for those checks
     * ({@link FunctionHandle#callChecked}); a plain field, as a stale read only takes the longer path.
     */
    Object fitted;

    ScalarFunction(FunctionHandle handle, FunctionSignature signature, ScalarCall.Fallback whenChanged) {
        this.handle = handle;
        this.signature = signature;
        this.whenChanged = whenChanged;
        this.params = ScalarValues.primitives(signature);
        this.result = (Primitive) signature.result();
        this.lowest = new long[params.length];
        this.highest = new long[params.length];
        boolean anyChar = false;
        for (int i = 0; i < params.length; i++) {
            long[] range = range(params[i]);
            lowest[i] = range[0];
            highest[i] = range[1];
            anyChar |= params[i] == Primitive.CHAR;
        }
        this.chars = anyChar;
        this.fusedArity = anyChar || params.length > CallContext.Frame.MAX_SCRATCH ? -1 : params.length;
        long[] span = new long[CallContext.Frame.MAX_SCRATCH];
        long[] lo = new long[CallContext.Frame.MAX_SCRATCH];
        for (int i = 0; i < Math.min(params.length, lo.length); i++) {
            lo[i] = lowest[i];
            span[i] = highest[i] - lowest[i];
        }
        this.lo0 = lo[0];
        this.lo1 = lo[1];
        this.lo2 = lo[2];
        this.lo3 = lo[3];
        this.span0 = span[0];
        this.span1 = span[1];
        this.span2 = span[2];
        this.span3 = span[3];
    }

    /**
     * Whether {@code v} lies in {@code [lo, lo + span]}: one subtraction and one unsigned comparison
     * (a full-range parameter, {@code s64}, has span {@code -1}, every value).
     */
    private static boolean in(long v, long lo, long span) {
        return Long.compareUnsigned(v - lo, span) <= 0;
    }

    /** The lowest and highest core value of scalar {@code p}. */
    private static long[] range(Primitive p) {
        return switch (p) {
            case BOOL -> new long[] {0, 1};
            case S8 -> new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE};
            case U8 -> new long[] {0, 0xFF};
            case S16 -> new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
            case U16 -> new long[] {0, 0xFFFF};
            case S32 -> new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
            case U32, F32 -> new long[] {0, 0xFFFF_FFFFL};
            case CHAR -> new long[] {0, 0x10FFFF};
            default -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
        };
    }

    /** The scalar function of {@code signature}, or {@code INVALID} naming what is not a scalar. */
    static ScalarFunction of(FunctionHandle handle, FunctionSignature signature, ScalarCall.Fallback whenChanged) {
        String id = handle.id();
        if (signature == null) {
            throw new WippyException(
                    ErrorKind.INVALID, id, id + " has no WIT signature: its values are dynamic, call it with call()");
        }
        for (Param p : signature.params()) {
            if (!scalar(p.type())) {
                throw notScalar(
                        id,
                        signature,
                        "parameter '" + p.name() + "' is " + p.type().describe());
            }
        }
        if (signature.result() != null && !scalar(signature.result())) {
            throw notScalar(id, signature, "the result is " + signature.result().describe());
        }
        return new ScalarFunction(handle, signature, whenChanged);
    }

    private static boolean scalar(WitType t) {
        return t instanceof Primitive p && ScalarValues.isScalar(p);
    }

    private static WippyException notScalar(String id, FunctionSignature signature, String why) {
        return new WippyException(
                ErrorKind.INVALID,
                id,
                id + " is " + signature.describe() + ", not all scalars (" + why + "): call it with call()");
    }

    /** The function ID this calls. */
    public String id() {
        return handle.id();
    }

    /** The signature this was made for. */
    @Override
    public FunctionSignature signature() {
        return signature;
    }

    /** A call under {@code ctx} (a caller's own context) instead of the current one. */
    @Override
    public long invoke(CallContext ctx, long[] args) {
        return handle.callScalar(CallContext.frame(), ctx, this, args);
    }

    /**
     * One argument under {@code ctx}, in this thread's scratch array: when {@code ctx} is the thread's
     * current context (a call made from inside a call, as Lua's {@code funcs.call}) and the argument
     * passes the fused checks, the handle's shortest path, as {@link #call(long)}.
     */
    @Override
    public long invoke(CallContext ctx, long a) {
        CallContext.Frame frame = CallContext.frame();
        long[] args = frame.scratch(1);
        args[0] = a;
        if (fusedArity == 1 && ctx == frame.current() && in(a, lo0, span0)) {
            return handle.callChecked(frame, this, args);
        }
        return handle.callScalar(frame, ctx, this, args);
    }

    /** Two arguments under {@code ctx}, as {@link #invoke(CallContext, long)}. */
    @Override
    public long invoke(CallContext ctx, long a, long b) {
        return invoke(CallContext.frame(), ctx, a, b);
    }

    /** {@link #invoke(CallContext, long, long)} on the thread of {@code frame}. */
    @Override
    public long invoke(CallContext.Frame frame, CallContext ctx, long a, long b) {
        long[] args = frame.scratch(2);
        args[0] = a;
        args[1] = b;
        if (fusedArity == 2 && ctx == frame.current() && in(a, lo0, span0) && in(b, lo1, span1)) {
            return handle.callChecked(frame, this, args);
        }
        return handle.callScalar(frame, ctx, this, args);
    }

    // The arguments go in this thread's scratch arrays (CallContext.Frame), reused call after call.
    // Arguments that pass the fused checks take the handle's shortest path; any other call takes the
    // checks of callScalar, which name what is wrong.

    public long call() {
        CallContext.Frame frame = CallContext.frame();
        long[] args = frame.scratch(0);
        if (fusedArity == 0) {
            return handle.callChecked(frame, this, args);
        }
        return handle.callScalar(frame, null, this, args);
    }

    public long call(long a) {
        CallContext.Frame frame = CallContext.frame();
        long[] args = frame.scratch(1);
        args[0] = a;
        if (fusedArity == 1 && in(a, lo0, span0)) {
            return handle.callChecked(frame, this, args);
        }
        return handle.callScalar(frame, null, this, args);
    }

    public long call(long a, long b) {
        CallContext.Frame frame = CallContext.frame();
        long[] args = frame.scratch(2);
        args[0] = a;
        args[1] = b;
        if (fusedArity == 2 && in(a, lo0, span0) && in(b, lo1, span1)) {
            return handle.callChecked(frame, this, args);
        }
        return handle.callScalar(frame, null, this, args);
    }

    public long call(long a, long b, long c) {
        CallContext.Frame frame = CallContext.frame();
        long[] args = frame.scratch(3);
        args[0] = a;
        args[1] = b;
        args[2] = c;
        if (fusedArity == 3 && in(a, lo0, span0) && in(b, lo1, span1) && in(c, lo2, span2)) {
            return handle.callChecked(frame, this, args);
        }
        return handle.callScalar(frame, null, this, args);
    }

    public long call(long a, long b, long c, long d) {
        CallContext.Frame frame = CallContext.frame();
        long[] args = frame.scratch(4);
        args[0] = a;
        args[1] = b;
        args[2] = c;
        args[3] = d;
        if (fusedArity == 4 && in(a, lo0, span0) && in(b, lo1, span1) && in(c, lo2, span2) && in(d, lo3, span3)) {
            return handle.callChecked(frame, this, args);
        }
        return handle.callScalar(frame, null, this, args);
    }

    /** A call with any number of arguments; the array is not kept (nor changed). */
    public long callWith(long[] args) {
        return handle.callScalar(CallContext.frame(), null, this, args);
    }

    /** The core value of an {@code f32} argument. */
    public static long f32(float value) {
        return Float.floatToRawIntBits(value) & 0xFFFF_FFFFL;
    }

    /** The core value of an {@code f64} argument. */
    public static long f64(double value) {
        return Double.doubleToRawLongBits(value);
    }

    /** An {@code f32} result. */
    public static float asF32(long result) {
        return Float.intBitsToFloat((int) result);
    }

    /** An {@code f64} result. */
    public static double asF64(long result) {
        return Double.longBitsToDouble(result);
    }

    /** Whether the function's signature {@code now} is the one this was made for. */
    boolean fits(FunctionSignature now) {
        if (now == signature || now == checkedFor) {
            return true;
        }
        if (signature.equals(now)) {
            checkedFor = now;
            return true;
        }
        return false;
    }

    /**
     * Checks the function a call found (after an update, perhaps another signature) and the
     * arguments; throws {@code INVALID} when they do not fit. Small, to inline into the call: two
     * comparisons per argument, the rest apart.
     */
    void check(FunctionSignature now, long[] args) {
        if ((now != signature && !fits(now)) || args.length != lowest.length) {
            throw refused(now, args);
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i] < lowest[i] || args[i] > highest[i]) {
                throw refused(now, args);
            }
        }
        if (chars) {
            checkChars(now, args);
        }
    }

    private void checkChars(FunctionSignature now, long[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!ScalarValues.accepts(params[i], args[i])) {
                throw refused(now, args);
            }
        }
    }

    /** Why {@link #check} refused the call, naming the argument. */
    private WippyException refused(FunctionSignature now, long[] args) {
        if (!fits(now)) {
            return new WippyException(
                    ErrorKind.INVALID,
                    handle.id(),
                    handle.id() + " is now " + (now == null ? "without a WIT signature" : now.describe())
                            + ", but this scalar function was made for " + signature.describe());
        }
        if (args.length != params.length) {
            return new WippyException(
                    ErrorKind.INVALID,
                    handle.id(),
                    "expected " + params.length + " argument(s) for " + signature.describe() + ", got " + args.length);
        }
        int i = 0;
        while (ScalarValues.accepts(params[i], args[i])) {
            i++;
        }
        Param p = signature.params().get(i);
        return new WippyException(
                ErrorKind.INVALID,
                handle.id(),
                "argument " + (i + 1) + " ('" + p.name() + "') of " + handle.id() + ": " + args[i]
                        + " is not a core value of " + p.type().describe());
    }

    @Override
    public String toString() {
        return "ScalarFunction[" + handle.id() + ": " + signature.describe() + "]";
    }
}
