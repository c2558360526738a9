package ai.wippy.abi;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;

/**
 * The core function type of a WIT function after the flattening limits. {@code paramsSpilled}: the
 * parameters travel as one pointer to a tuple in memory; {@code resultsSpilled}: the results travel
 * through memory (a returned pointer for a lifted export, a trailing return-pointer parameter for a
 * lowered import).
 */
public record FlatSignature(
        List<ValType> params, List<ValType> results, boolean paramsSpilled, boolean resultsSpilled) {

    public FlatSignature {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    public FunctionType coreType() {
        return FunctionType.of(params, results);
    }

    /** Whether a core function type is exactly this one. */
    public boolean matches(FunctionType type) {
        return params.equals(type.params()) && results.equals(type.returns());
    }

    /** WAT-like text, for error messages. */
    public String describe() {
        return describe(params, results);
    }

    static String describe(List<ValType> params, List<ValType> results) {
        StringBuilder sb = new StringBuilder("(func");
        if (!params.isEmpty()) {
            sb.append(" (param");
            params.forEach(p -> sb.append(' ').append(p.toString().toLowerCase()));
            sb.append(')');
        }
        if (!results.isEmpty()) {
            sb.append(" (result");
            results.forEach(p -> sb.append(' ').append(p.toString().toLowerCase()));
            sb.append(')');
        }
        return sb.append(')').toString();
    }
}
