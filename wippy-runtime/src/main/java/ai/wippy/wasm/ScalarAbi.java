package ai.wippy.wasm;

import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.Primitive;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical ABI for signatures made only of scalars (bool, integers, floats, char): each
 * parameter is one core value and the result, if any, is one core value. No memory is involved.
 */
final class ScalarAbi implements CoreAbiAdapter {

    private final Primitive[] params;
    private final Primitive result;

    private ScalarAbi(Primitive[] params, Primitive result) {
        this.params = params;
        this.result = result;
    }

    /**
     * Whether {@code signature} is all scalars and few enough to pass flat: over 16 parameters the
     * canonical ABI spills them to memory, which the {@link CanonicalCoreAbi} handles.
     */
    static boolean handles(FunctionSignature signature) {
        if (signature.params().size() > 16) {
            return false;
        }
        for (Param p : signature.params()) {
            if (!isScalar(p.type())) {
                return false;
            }
        }
        return signature.result() == null || isScalar(signature.result());
    }

    static boolean isScalar(WitType t) {
        return t instanceof Primitive p && p != Primitive.STRING;
    }

    static ValType coreType(Primitive p) {
        return switch (p) {
            case S64, U64 -> ValType.I64;
            case F32 -> ValType.F32;
            case F64 -> ValType.F64;
            default -> ValType.I32;
        };
    }

    /** The adapter, or a description of how the signature and the core type differ. */
    static Object build(FunctionSignature signature, FunctionType coreType) {
        List<ValType> expectedParams = new ArrayList<>();
        Primitive[] ps = new Primitive[signature.params().size()];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = (Primitive) signature.params().get(i).type();
            expectedParams.add(coreType(ps[i]));
        }
        List<ValType> expectedResults =
                signature.result() == null ? List.of() : List.of(coreType((Primitive) signature.result()));
        if (!expectedParams.equals(coreType.params()) || !expectedResults.equals(coreType.returns())) {
            return "the signature " + signature.describe() + " lowers to core type "
                    + render(expectedParams, expectedResults) + ", but the export has "
                    + render(coreType.params(), coreType.returns());
        }
        return new ScalarAbi(ps, (Primitive) signature.result());
    }

    static String render(List<ValType> params, List<ValType> results) {
        return "(func (param "
                + String.join(
                        " ",
                        params.stream().map(v -> v.toString().toLowerCase()).toList()) + ") (result "
                + String.join(
                        " ",
                        results.stream().map(v -> v.toString().toLowerCase()).toList()) + "))";
    }

    @Override
    public Object call(Instance instance, ExportFunction export, List<Object> args) {
        long[] raw = new long[params.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = lower(params[i], args.get(i));
        }
        long[] out = export.apply(raw);
        return result == null ? null : lift(result, out[0]);
    }

    static long lower(Primitive p, Object v) {
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

    static Object lift(Primitive p, long v) {
        return switch (p) {
            case BOOL -> (int) v != 0;
            case S8 -> (int) (byte) v;
            case U8 -> (int) v & 0xFF;
            case S16 -> (int) (short) v;
            case U16 -> (int) v & 0xFFFF;
            case S32 -> (int) v;
            case U32 -> v & 0xFFFF_FFFFL;
            case S64 -> v;
            case U64 -> v >= 0 ? (Object) v : new java.math.BigInteger(Long.toUnsignedString(v));
            case F32 -> canonicalNaN(Float.intBitsToFloat((int) v));
            case F64 -> canonicalNaN(Double.longBitsToDouble(v));
            case CHAR -> {
                int cp = (int) v;
                if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    throw new com.dylibso.chicory.runtime.TrapException(
                            "guest returned " + Integer.toUnsignedString(cp) + ", which is not a Unicode scalar value");
                }
                yield new String(Character.toChars(cp));
            }
            case STRING -> throw new IllegalStateException("strings are not scalars");
        };
    }

    private static Float canonicalNaN(float f) {
        return Float.isNaN(f) ? Float.NaN : f;
    }

    private static Double canonicalNaN(double d) {
        return Double.isNaN(d) ? Double.NaN : d;
    }
}
