package ai.wippy.wit;

import java.util.List;

/**
 * A WIT function type: named parameters and at most one result ({@code null} when the function
 * returns nothing).
 */
public record FunctionSignature(String name, List<Param> params, WitType result) {

    public FunctionSignature {
        params = List.copyOf(params);
    }

    public String describe() {
        StringBuilder sb = new StringBuilder(name).append(": func(");
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            sb.append(i == 0 ? "" : ", ")
                    .append(p.name())
                    .append(": ")
                    .append(p.type().describe());
        }
        sb.append(')');
        if (result != null) {
            sb.append(" -> ").append(result.describe());
        }
        return sb.toString();
    }
}
