package ai.wippy.wasi.p2.http;

import ai.wippy.value.VariantValue;
import java.util.Locale;
import java.util.Set;

/** Conversions between Java strings and the {@code method} and {@code scheme} variants. */
public final class HttpValues {

    private static final Set<String> METHODS =
            Set.of("get", "head", "post", "put", "delete", "connect", "options", "trace", "patch");

    /** The variants of the methods as sent on the wire ({@code GET} is {@code get}). */
    private static final java.util.Map<String, VariantValue> COMMON = METHODS.stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(
                    m -> m.toUpperCase(Locale.ROOT), m -> new VariantValue(m, null)));

    private HttpValues() {}

    /** {@code GET} to {@code get}, {@code PURGE} to {@code other("PURGE")}. */
    public static VariantValue method(String name) {
        VariantValue common = COMMON.get(name);
        if (common != null) {
            return common; // a variant holds no state: the same one serves every request
        }
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

    /** Whether {@code s} is an HTTP token (RFC 9110: a method or a field name). */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
