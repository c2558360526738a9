package ai.wippy.wasm;

import ai.wippy.spi.ScalarValues;
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
            raw[i] = ScalarValues.toCore(params[i], args.get(i));
        }
        long out = callCore(export, raw); // runs the export whether or not it returns a value
        return result == null ? null : ScalarValues.toCanonical(result, out);
    }

    /** One call with core values in and out ({@link ai.wippy.spi.ScalarInvoker}): 0 when there is no result. */
    long callCore(ExportFunction export, long[] args) {
        long[] out = export.apply(args);
        if (result == null) {
            return 0L;
        }
        try {
            return ScalarValues.normalize(result, out[0]);
        } catch (IllegalArgumentException e) {
            throw new com.dylibso.chicory.runtime.TrapException(e.getMessage());
        }
    }
}
