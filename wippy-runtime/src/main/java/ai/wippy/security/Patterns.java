package ai.wippy.security;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Action and resource patterns: {@code *} matches any run of characters, everything else itself. */
final class Patterns {

    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private Patterns() {}

    static boolean matches(String pattern, String value) {
        if (pattern.equals("*") || pattern.equals(value)) {
            return true;
        }
        if (pattern.indexOf('*') < 0) {
            return false;
        }
        return CACHE.computeIfAbsent(pattern, Patterns::compile).matcher(value).matches();
    }

    static boolean anyMatches(List<String> patterns, String value) {
        for (String p : patterns) {
            if (matches(p, value)) {
                return true;
            }
        }
        return false;
    }

    private static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!re.isEmpty()) {
                re.append(".*");
            }
            re.append(Pattern.quote(part));
        }
        return Pattern.compile(re.toString());
    }
}
