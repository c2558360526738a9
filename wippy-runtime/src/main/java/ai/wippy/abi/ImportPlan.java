package ai.wippy.abi;

import ai.wippy.value.ResultValue;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.Case;
import ai.wippy.wit.WitType.HandleType;
import ai.wippy.wit.WitType.ListType;
import ai.wippy.wit.WitType.Primitive;
import ai.wippy.wit.WitType.RecordType;
import ai.wippy.wit.WitType.TupleType;
import java.util.Arrays;
import java.util.List;

/**
 * A host import's side of the canonical ABI ({@code canon lower}) compiled once per signature: each
 * parameter's flat values are read straight from the core arguments at an offset fixed here (a
 * scalar, a string, a list or a handle without a cursor or a walk over its type; any other type
 * through {@link Lifter#liftFlat}), and a result that flattens to one value is written without a
 * sink. A call opens a borrow scope only when the signature can lend a handle (a {@code borrow} in
 * its parameters): a call that lends nothing has nothing to track. Built by {@link
 * CanonicalAbi#linkImport}; every host import, whether a component's lowered function or a core
 * module's {@code wit} import, calls through here.
 */
final class ImportPlan implements CanonicalAbi.Import {

    private static final long[] NO_VALUES = new long[0];

    private final FunctionSignature sig;
    private final TupleType paramTuple;
    private final int flatParams;
    private final boolean paramsSpilled;
    private final boolean resultsSpilled;
    private final boolean scoped;
    /**
     * How each parameter is read ({@link #read}): a kind per parameter and its first flat value;
     * a switch, not a lambda per parameter, so the call site stays monomorphic and inlines.
     */
    private final byte[] kinds;

    private final int[] offsets;
    private final WitType[] types;
    private final WitType result;
    private final int flatResults;
    /** How a result of one flat value is written without a lowerer (a scalar's or a handle's kind), else -1. */
    private final byte resultKind;

    private final int resultSize;
    private final int resultAlignment;

    /**
     * A spilled {@code result<T, E>} or {@code option<T>} (WASI's answers: {@code result<own<T>,
     * error-code>}, {@code result<_, stream-error>}...): where its payload starts, else -1; and per
     * case (ok then err; none then some) the payload's type ({@code null} for none) and kind, so the
     * discriminant and the payload are written at fixed places ({@link #storeTwoCases}).
     */
    private final int payloadAt;

    private final WitType[] casePayloads;
    private final byte[] caseKinds;

    /**
     * @param params the parameter types, in order; {@code paramTuple} the same as a tuple (their
     *     layout when they spill)
     */
    ImportPlan(FunctionSignature sig, List<WitType> params, TupleType paramTuple, int flatParams, int flatResults) {
        this.sig = sig;
        this.paramTuple = paramTuple;
        this.flatParams = flatParams;
        this.paramsSpilled = flatParams > CanonicalAbi.MAX_FLAT_PARAMS;
        this.result = sig.result();
        this.flatResults = flatResults;
        this.resultsSpilled = flatResults > CanonicalAbi.MAX_FLAT_RESULTS;
        boolean lends = false;
        for (WitType t : params) {
            lends |= holdsBorrow(t);
        }
        // a borrow in a result is not valid WIT; if one came, its scope still counts it
        this.scoped = lends || (result != null && holdsBorrow(result));
        this.kinds = new byte[params.size()];
        this.offsets = new int[params.size()];
        this.types = params.toArray(new WitType[0]);
        int at = 0;
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = kind(params.get(i));
            offsets[i] = at;
            at += Layout.flatten(params.get(i)).size();
        }
        byte k = result == null || resultsSpilled ? OTHER : kind(result);
        this.resultKind = k == STRING || k == LIST || k == OTHER ? -1 : k;
        this.resultSize = result == null ? 0 : Layout.size(result);
        this.resultAlignment = result == null ? 1 : Layout.alignment(result);
        this.casePayloads = switch (result) {
            case WitType.ResultType r when resultsSpilled -> new WitType[] {r.ok(), r.err()};
            case WitType.OptionType op when resultsSpilled -> new WitType[] {null, op.inner()};
            case null, default -> null;
        };
        this.payloadAt = casePayloads == null ? -1 : Layout.payloadOffset(result);
        this.caseKinds = new byte[casePayloads == null ? 0 : 2];
        for (int c = 0; c < caseKinds.length; c++) {
            caseKinds[c] = casePayloads[c] == null ? NONE : kind(casePayloads[c]);
        }
    }

    // --- the plan's parts ---------------------------------------------------------------------

    private static final byte BOOL = 0;
    private static final byte S8 = 1;
    private static final byte U8 = 2;
    private static final byte S16 = 3;
    private static final byte U16 = 4;
    private static final byte S32 = 5;
    private static final byte U32 = 6;
    private static final byte S64 = 7;
    private static final byte U64 = 8;
    private static final byte F32 = 9;
    private static final byte F64 = 10;
    private static final byte CHAR = 11;
    private static final byte STRING = 12;
    private static final byte HANDLE = 13;
    private static final byte LIST = 14;
    private static final byte OTHER = 15;
    /** A case without a payload. */
    private static final byte NONE = 16;

    private static byte kind(WitType t) {
        return switch (t) {
            case Primitive p ->
                switch (p) {
                    case BOOL -> BOOL;
                    case S8 -> S8;
                    case U8 -> U8;
                    case S16 -> S16;
                    case U16 -> U16;
                    case S32 -> S32;
                    case U32 -> U32;
                    case S64 -> S64;
                    case U64 -> U64;
                    case F32 -> F32;
                    case F64 -> F64;
                    case CHAR -> CHAR;
                    case STRING -> STRING;
                };
            case HandleType h -> HANDLE;
            case ListType l -> LIST;
            default -> OTHER;
        };
    }

    /** Parameter {@code i} from the flat arguments: scalars, strings, lists and handles read in place. */
    private Object read(int i, Lifter l, long[] f) {
        int at = offsets[i];
        return switch (kinds[i]) {
            case BOOL -> (int) f[at] != 0;
            case S8 -> (int) (byte) f[at];
            case U8 -> (int) f[at] & 0xFF;
            case S16 -> (int) (short) f[at];
            case U16 -> (int) f[at] & 0xFFFF;
            case S32 -> (int) f[at];
            case U32 -> f[at] & 0xFFFF_FFFFL;
            case S64 -> f[at];
            case U64 -> Lifter.u64(f[at]);
            case F32 -> Lifter.f32((int) f[at]);
            case F64 -> Lifter.f64(f[at]);
            case CHAR -> Lifter.toChar((int) f[at]);
            case STRING ->
                l.loadStringFromRange(GuestMemory.unsigned((int) f[at]), GuestMemory.unsigned((int) f[at + 1]));
            case HANDLE -> l.liftHandle((HandleType) types[i], (int) f[at]);
            case LIST ->
                l.loadListFromRange(
                        (ListType) types[i], GuestMemory.unsigned((int) f[at]), GuestMemory.unsigned((int) f[at + 1]));
            default -> l.liftFlat(types[i], new Lifter.Flat(f, at));
        };
    }

    /** The one flat value of a result of kind {@link #resultKind}. */
    private long write(CanonicalOptions o, Object v) {
        return write(o, resultKind, result, v);
    }

    /** The one flat value of {@code v}, of type {@code t} and one-value kind {@code kind}. */
    private static long write(CanonicalOptions o, byte kind, WitType t, Object v) {
        return switch (kind) {
            // 32-bit values travel as their low 32 bits
            case BOOL -> ((Boolean) v) ? 1 : 0;
            case S8, U8, S16, U16, S32 -> ((Number) v).intValue() & 0xFFFF_FFFFL;
            case U32 -> ((Number) v).longValue() & 0xFFFF_FFFFL;
            case S64, U64 -> ((Number) v).longValue();
            case F32 -> Float.floatToRawIntBits(((Number) v).floatValue()) & 0xFFFF_FFFFL;
            case F64 -> Double.doubleToRawLongBits(((Number) v).doubleValue());
            case CHAR -> ((String) v).codePointAt(0);
            case HANDLE -> Lowerer.lowerHandle(o, (HandleType) t, v);
            default -> throw new IllegalStateException("not a one-value type: " + t.describe());
        };
    }

    /**
     * A spilled two-case result at {@code ptr} (see {@link #payloadAt}): what {@link Lowerer#store}
     * writes for it, with the case's layout known here. A payload that is a string, a list or of any
     * other type is stored by a {@link Lowerer}.
     */
    private void storeTwoCases(CanonicalOptions o, GuestMemory m, Object value, int ptr) {
        int c;
        Object payload;
        if (result instanceof WitType.ResultType) {
            ResultValue r = (ResultValue) value;
            c = r.ok() ? 0 : 1;
            payload = r.value();
        } else {
            c = value == null ? 0 : 1;
            payload = value;
        }
        m.putU8(ptr, c);
        int at = ptr + payloadAt;
        byte kind = caseKinds[c];
        WitType t = casePayloads[c];
        switch (kind) {
            case NONE -> {}
            case BOOL, S8, U8 -> m.putU8(at, (int) write(o, kind, t, payload));
            case S16, U16 -> m.putU16(at, (int) write(o, kind, t, payload));
            case S32, U32, F32, CHAR, HANDLE -> m.putI32(at, (int) write(o, kind, t, payload));
            case S64, U64, F64 -> m.putI64(at, write(o, kind, t, payload));
            default -> new Lowerer(o).store(t, payload, at);
        }
    }

    /** Whether a value of type {@code t} can hold a {@code borrow} handle. */
    private static boolean holdsBorrow(WitType t) {
        return switch (t) {
            case HandleType h -> !h.own();
            case ListType l -> holdsBorrow(l.element());
            case RecordType r -> r.fields().stream().anyMatch(f -> holdsBorrow(f.type()));
            case TupleType tu -> tu.elements().stream().anyMatch(ImportPlan::holdsBorrow);
            case Primitive p -> false;
            case WitType.FlagsType f -> false;
            case WitType.EnumType e -> false;
            default -> Layout.cases(t).stream().map(Case::type).anyMatch(c -> c != null && holdsBorrow(c));
        };
    }

    // --- calls --------------------------------------------------------------------------------

    @Override
    public long[] call(CanonicalOptions o, long[] flatArgs, CanonicalAbi.Callee impl) {
        List<Object> args = liftArguments(o, flatArgs);
        Object value;
        try {
            value = impl.call(args);
        } catch (RuntimeException e) {
            exitQuietly(o);
            throw e;
        } catch (Exception e) {
            exitQuietly(o);
            throw new IllegalStateException("host function " + sig.name() + " failed: " + e.getMessage(), e);
        }
        return lowerResult(o, value, flatArgs);
    }

    /** Lifts the arguments; when the signature can lend a handle, opens the borrow scope {@link #lowerResult} closes. */
    List<Object> liftArguments(CanonicalOptions o, long[] flatArgs) {
        if (scoped && o.resources() != null) {
            o.resources().enterCall();
        }
        try {
            Lifter lifter = new Lifter(o);
            if (paramsSpilled) {
                if (flatArgs.length == 0) {
                    throw Traps.trap("the argument pointer is missing");
                }
                int ptr = lifter.memory()
                        .check(
                                GuestMemory.unsigned((int) flatArgs[0]),
                                Layout.size(paramTuple),
                                Layout.alignment(paramTuple),
                                "the argument pointer");
                return lifter.loadTuple(paramTuple, ptr);
            }
            if (flatArgs.length < flatParams) {
                throw Traps.trap("expected more flat values than the " + flatArgs.length + " given");
            }
            Object[] out = new Object[kinds.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = read(i, lifter, flatArgs);
            }
            return Arrays.asList(out);
        } catch (RuntimeException e) {
            exitQuietly(o);
            throw e;
        }
    }

    /**
     * Lowers the result: its one flat value, or through the return pointer (the last flat argument)
     * when it spills; closes the call's borrow scope.
     */
    long[] lowerResult(CanonicalOptions o, Object value, long[] flatArgs) {
        long[] out = NO_VALUES;
        if (result != null) {
            try {
                out = lowerResultInScope(o, value, flatArgs);
            } catch (RuntimeException e) {
                exitQuietly(o);
                throw e;
            }
        }
        if (scoped && o.resources() != null) {
            o.resources().exitCall();
        }
        return out;
    }

    private long[] lowerResultInScope(CanonicalOptions o, Object value, long[] flatArgs) {
        try {
            if (resultKind >= 0) {
                return new long[] {write(o, value)};
            }
            if (resultsSpilled) {
                if (flatArgs.length == 0) {
                    throw Traps.trap("the return pointer is missing");
                }
                long retptr = GuestMemory.unsigned((int) flatArgs[flatArgs.length - 1]);
                if (payloadAt >= 0) {
                    GuestMemory m = new GuestMemory(o.memory());
                    storeTwoCases(o, m, value, m.check(retptr, resultSize, resultAlignment, "the return pointer"));
                    return NO_VALUES;
                }
                Lowerer lowerer = new Lowerer(o);
                int ptr = lowerer.memory().check(retptr, resultSize, resultAlignment, "the return pointer");
                lowerer.store(result, value, ptr);
                return NO_VALUES;
            }
            Lowerer lowerer = new Lowerer(o);
            Lowerer.Sink sink = new Lowerer.Sink(flatResults);
            lowerer.lowerFlat(result, value, sink);
            return sink.toArray();
        } catch (ClassCastException | NullPointerException e) {
            throw CanonicalAbi.notCanonical("the result", result, value, e);
        }
    }

    private void exitQuietly(CanonicalOptions o) {
        if (scoped && o.resources() != null) {
            o.resources().exitCallQuietly();
        }
    }
}
