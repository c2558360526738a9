package ai.wippy.wasi.p2.http;

import ai.wippy.value.VariantValue;
import java.util.Locale;
import java.util.Set;

/** Conversions between Java strings and the {@code method} and {@code scheme} variants. */
public final class HttpValues {

    private static final Set<String> METHODS =
            Set.of("get", "head", "post", "put", "delete", "connect", "options", "trace", "patch");

    private HttpValues() {}

    /** {@code GET} to {@code get}, {@code PURGE} to {@code other("PURGE")}. */
    public static VariantValue method(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return METHODS.contains(lower) && name.equals(name.toUpperCase(Locale.ROOT))
                ? new VariantValue(lower, null)
                : new VariantValue("other", name);
    }

    /** The method name as sent on the wire. */
    public static String methodName(VariantValue method) {
        return method.caseName().equals("other")
                ? (String) method.payload()
                : method.caseName().toUpperCase(Locale.ROOT);
    }

    public static VariantValue scheme(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "http" -> new VariantValue("HTTP", null);
            case "https" -> new VariantValue("HTTPS", null);
            default -> new VariantValue("other", name);
        };
    }

    /** {@code http}, {@code https} or the other scheme's name. */
    public static String schemeName(VariantValue scheme) {
        return switch (scheme.caseName()) {
            case "HTTP" -> "http";
            case "HTTPS" -> "https";
            default -> (String) scheme.payload();
        };
    }

    static boolean isToken(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0);
    }
}
