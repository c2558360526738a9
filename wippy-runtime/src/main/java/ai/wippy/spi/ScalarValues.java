package ai.wippy.spi;

import ai.wippy.wit.WitType.Primitive;

/**
 * WIT scalars as core values ({@link ScalarInvoker}) and as canonical values (an {@code Integer}
 * for an {@code s32}, a {@code Long} for a {@code u32}...): the one place that converts between them
 * and says which core values a scalar type accepts.
 */
public final class ScalarValues {

    private ScalarValues() {}

    /** Whether {@code p} is a scalar (every primitive but {@code string}). */
    public static boolean isScalar(Primitive p) {
        return p != Primitive.STRING;
    }

    /**
     * Whether {@code v} is a core value of {@code p}: in range for integers, 0 or 1 for a bool, a
     * scalar value for a char.
     */
    public static boolean accepts(Primitive p, long v) {
        return switch (p) {
            case BOOL -> v == 0L || v == 1L;
            case S8 -> v == (byte) v;
            case U8 -> (v & ~0xFFL) == 0L;
            case S16 -> v == (short) v;
            case U16 -> (v & ~0xFFFFL) == 0L;
            case S32 -> v == (int) v;
            case U32, F32 -> (v >>> 32) == 0L;
            case S64, U64, F64 -> true;
            case CHAR -> v >= 0 && v <= 0x10FFFF && (v < 0xD800 || v > 0xDFFF);
            case STRING -> false;
        };
    }

    /**
     * The core value of what an export returned in its one core result: integers narrowed and
     * extended as their type says, a bool as 0 or 1, NaNs canonical. A {@code char} that is not a
     * Unicode scalar value throws {@link IllegalArgumentException}.
     */
    public static long normalize(Primitive p, long raw) {
        return switch (p) {
            case BOOL -> (int) raw != 0 ? 1L : 0L;
            case S8 -> (byte) raw;
            case U8 -> raw & 0xFFL;
            case S16 -> (short) raw;
            case U16 -> raw & 0xFFFFL;
            case S32 -> (int) raw;
            case U32 -> raw & 0xFFFF_FFFFL;
            case S64, U64 -> raw;
            case F32 ->
                Float.isNaN(Float.intBitsToFloat((int) raw))
                        ? Float.floatToRawIntBits(Float.NaN) & 0xFFFF_FFFFL
                        : raw & 0xFFFF_FFFFL;
            case F64 -> Double.isNaN(Double.longBitsToDouble(raw)) ? Double.doubleToRawLongBits(Double.NaN) : raw;
            case CHAR -> {
                int cp = (int) raw;
                if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    throw new IllegalArgumentException(
                            "guest returned " + Integer.toUnsignedString(cp) + ", which is not a Unicode scalar value");
                }
                yield cp;
            }
            case STRING -> throw new IllegalStateException("strings are not scalars");
        };
    }

    /** The parameter types of {@code signature}, or {@code null} unless every one is a scalar. */
    public static Primitive[] primitives(ai.wippy.wit.FunctionSignature signature) {
        Primitive[] out = new Primitive[signature.params().size()];
        for (int i = 0; i < out.length; i++) {
            if (!(signature.params().get(i).type() instanceof Primitive p) || !isScalar(p)) {
                return null;
            }
            out[i] = p;
        }
        return out;
    }

    /**
     * Puts in {@code core[i]} the core value of {@code v} when it is exactly the canonical value of
     * type {@code p} (a {@code Boolean} for a {@code bool}, an {@code Integer} in range for an {@code
     * s32}, {@code s16}, {@code s8}, {@code u16}, {@code u8}, a {@code Long} for an {@code s64}, in
     * range for a {@code u32}, not negative for a {@code u64}, a {@code Float}, a {@code Double});
     * false when it is not (or is a {@code char}), for the caller to take the general path, whose
     * checks name it.
     */
    public static boolean fromCanonical(Primitive p, Object v, long[] core, int i) {
        long c;
        switch (p) {
            case BOOL -> {
                if (!(v instanceof Boolean b)) {
                    return false;
                }
                c = b ? 1L : 0L;
            }
            case S8, U8, S16, U16, S32 -> {
                if (!(v instanceof Integer n)) {
                    return false;
                }
                c = n;
            }
            case U32, S64, U64 -> {
                if (!(v instanceof Long n) || (p == Primitive.U64 && n < 0)) {
                    return false;
                }
                c = n;
            }
            case F32 -> {
                if (!(v instanceof Float f)) {
                    return false;
                }
                c = Float.floatToRawIntBits(f) & 0xFFFF_FFFFL;
            }
            case F64 -> {
                if (!(v instanceof Double d)) {
                    return false;
                }
                c = Double.doubleToRawLongBits(d);
            }
            default -> {
                return false;
            }
        }
        if (!accepts(p, c)) {
            return false;
        }
        core[i] = c;
        return true;
    }

    /** The core value of canonical value {@code v} of type {@code p} (already checked against it). */
    public static long toCore(Primitive p, Object v) {
        return switch (p) {
            case BOOL -> ((Boolean) v) ? 1L : 0L;
            case S8, U8, S16, U16, S32 -> ((Integer) v).longValue();
            case U32, S64 -> ((Long) v);
            case U64 -> ((Number) v).longValue();
            case F32 -> Float.floatToRawIntBits((Float) v) & 0xFFFF_FFFFL;
            case F64 -> Double.doubleToRawLongBits((Double) v);
            case CHAR -> ((String) v).codePointAt(0);
            case STRING -> throw new IllegalStateException("strings are not scalars");
        };
    }

    /** The canonical value of core value {@code v} of type {@code p}, as {@link #normalize} left it. */
    public static Object toCanonical(Primitive p, long v) {
        return switch (p) {
            case BOOL -> v != 0L;
            case S8, U8, S16, U16, S32 -> (int) v;
            case U32, S64 -> v;
            case U64 -> v >= 0 ? (Object) v : new java.math.BigInteger(Long.toUnsignedString(v));
            case F32 -> Float.intBitsToFloat((int) v);
            case F64 -> Double.longBitsToDouble(v);
            case CHAR -> new String(Character.toChars((int) v));
            case STRING -> throw new IllegalStateException("strings are not scalars");
        };
    }
}
