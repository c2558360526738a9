package ai.wippy.registry;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as registry files and Lua write them: {@code 250} (milliseconds), {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h)?");

    private Durations() {}

    public static Duration parse(Object value) {
        if (value instanceof Number n) {
            return Duration.ofNanos((long) (n.doubleValue() * 1_000_000));
        }
        Matcher m = FORMAT.matcher(String.valueOf(value).trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a duration (for example 250ms, 5s, 2m)");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        double nanos = switch (unit) {
            case "ns" -> amount;
            case "us", "µs" -> amount * 1e3;
            case "ms" -> amount * 1e6;
            case "s" -> amount * 1e9;
            case "m" -> amount * 60e9;
            default -> amount * 3600e9;
        };
        return Duration.ofNanos((long) nanos);
    }
}
