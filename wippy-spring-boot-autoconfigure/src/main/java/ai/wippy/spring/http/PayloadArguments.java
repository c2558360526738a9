package ai.wippy.spring.http;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a payload request into call arguments: a JSON array is positional; a JSON object is the
 * single argument, or named arguments when the function has several parameters; without a body,
 * query parameters are named arguments converted to the parameter types ({@code ?a=6&b=7}).
 */
final class PayloadArguments {

    private PayloadArguments() {}

    static List<Object> from(
            String function, FunctionSignature signature, Object body, Map<String, List<String>> query) {
        if (body instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        if (body instanceof Map<?, ?> map) {
            if (signature != null && signature.params().size() > 1) {
                return named(function, signature, name -> map.containsKey(name) ? map.get(name) : absent(), false);
            }
            return List.of(map);
        }
        if (body != null) {
            return List.of(body);
        }
        if (query.isEmpty()) {
            return List.of();
        }
        if (signature == null) {
            throw new WippyException(
                    ErrorKind.INVALID, function, "query parameters need a function with a signature to name them");
        }
        return named(
                function,
                signature,
                name -> {
                    List<String> values = query.get(name);
                    return values == null || values.isEmpty() ? absent() : values.get(0);
                },
                true);
    }

    private static final Object ABSENT = new Object();

    private static Object absent() {
        return ABSENT;
    }

    private static List<Object> named(
            String function,
            FunctionSignature signature,
            java.util.function.Function<String, Object> lookup,
            boolean convert) {
        List<Object> args = new ArrayList<>();
        for (Param p : signature.params()) {
            Object v = lookup.apply(p.name());
            if (v == ABSENT) {
                v = lookup.apply(p.name().replace('-', '_'));
            }
            if (v == ABSENT) {
                if (p.type() instanceof WitType.OptionType) {
                    args.add(null);
                    continue;
                }
                throw new WippyException(ErrorKind.INVALID, function, "missing argument '" + p.name() + "'");
            }
            args.add(convert ? fromText(function, p, (String) v) : v);
        }
        return args;
    }

    private static Object integer(String text) {
        java.math.BigInteger big = new java.math.BigInteger(text);
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    /** A query parameter's text as the parameter's type. */
    private static Object fromText(String function, Param p, String text) {
        WitType type = p.type() instanceof WitType.OptionType o ? o.inner() : p.type();
        try {
            if (type instanceof WitType.Primitive prim) {
                return switch (prim) {
                    case BOOL ->
                        switch (text) {
                            case "true" -> Boolean.TRUE;
                            case "false" -> Boolean.FALSE;
                            default -> throw new NumberFormatException();
                        };
                    case F32, F64 -> Double.parseDouble(text);
                    case CHAR, STRING -> text;
                    default -> integer(text);
                };
            }
        } catch (NumberFormatException e) {
            throw new WippyException(
                    ErrorKind.INVALID,
                    function,
                    "query parameter " + p.name() + "='" + text + "' is not a " + type.describe());
        }
        throw new WippyException(
                ErrorKind.INVALID,
                function,
                "parameter " + p.name() + " cannot come from a query parameter; send a JSON body");
    }
}
