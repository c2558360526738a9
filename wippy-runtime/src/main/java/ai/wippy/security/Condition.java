package ai.wippy.security;

import ai.wippy.call.Actor;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One condition of a policy: a field ({@code actor.id}, {@code actor.meta.*}, {@code action},
 * {@code resource}, {@code meta.*}), an operator, and a literal {@code value} or the field named by
 * {@code value_from}.
 */
public record Condition(String field, Operator operator, Object value, String valueFrom) {

    public enum Operator {
        EQ,
        NE,
        LT,
        GT,
        LTE,
        GTE,
        IN,
        NIN,
        EXISTS,
        NEXISTS,
        CONTAINS,
        NCONTAINS,
        MATCHES,
        NMATCHES;

        public static Operator parse(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    /** A marker for a field that is not there, distinct from a field whose value is null. */
    private static final Object ABSENT = new Object();

    public boolean test(Actor actor, String action, String resource, Map<String, Object> meta) {
        Object actual = resolve(field, actor, action, resource, meta);
        Object expected = valueFrom == null ? value : resolve(valueFrom, actor, action, resource, meta);
        return switch (operator) {
            case EXISTS -> actual != ABSENT && actual != null;
            case NEXISTS -> actual == ABSENT || actual == null;
            case EQ -> actual != ABSENT && equal(actual, expected);
            case NE -> actual == ABSENT || !equal(actual, expected);
            case LT -> ordered(actual, expected, c -> c < 0);
            case GT -> ordered(actual, expected, c -> c > 0);
            case LTE -> ordered(actual, expected, c -> c <= 0);
            case GTE -> ordered(actual, expected, c -> c >= 0);
            case IN ->
                expected instanceof Collection<?> c
                        && actual != ABSENT
                        && c.stream().anyMatch(e -> equal(actual, e));
            case NIN ->
                !(expected instanceof Collection<?> c
                        && actual != ABSENT
                        && c.stream().anyMatch(e -> equal(actual, e)));
            case CONTAINS -> contains(actual, expected);
            case NCONTAINS -> !contains(actual, expected);
            case MATCHES -> actual instanceof String s && expected != null && s.matches(String.valueOf(expected));
            case NMATCHES -> !(actual instanceof String s && expected != null && s.matches(String.valueOf(expected)));
        };
    }

    static Object resolve(String path, Actor actor, String action, String resource, Map<String, Object> meta) {
        if (path.equals("action")) {
            return action;
        }
        if (path.equals("resource")) {
            return resource;
        }
        if (path.equals("actor.id")) {
            return actor == null ? ABSENT : actor.id();
        }
        if (path.startsWith("actor.meta.")) {
            return actor == null ? ABSENT : lookup(actor.meta(), path.substring("actor.meta.".length()));
        }
        if (path.startsWith("meta.")) {
            return lookup(meta, path.substring("meta.".length()));
        }
        return ABSENT;
    }

    @SuppressWarnings("unchecked")
    private static Object lookup(Map<String, Object> map, String dotted) {
        Object current = map;
        for (String key : dotted.split("\\.")) {
            if (!(current instanceof Map<?, ?> m) || !m.containsKey(key)) {
                return ABSENT;
            }
            current = ((Map<String, Object>) m).get(key);
        }
        return current;
    }

    private static boolean equal(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        if (a == null || b == null) {
            return a == b;
        }
        return Objects.equals(a, b) || String.valueOf(a).equals(String.valueOf(b));
    }

    private static boolean ordered(Object a, Object b, java.util.function.IntPredicate test) {
        int c = compare(a, b);
        return c != Integer.MIN_VALUE && test.test(c);
    }

    /** Integer.MIN_VALUE when the two cannot be ordered (then every ordering test fails). */
    private static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0
                    ? 0
                    : x.doubleValue() < y.doubleValue() ? -1 : 1;
        }
        if (a instanceof String x && b instanceof String y) {
            return Integer.signum(x.compareTo(y));
        }
        return Integer.MIN_VALUE;
    }

    private static boolean contains(Object actual, Object expected) {
        if (actual instanceof Collection<?> c) {
            return c.stream().anyMatch(e -> equal(e, expected));
        }
        if (actual instanceof String s && expected != null) {
            return s.contains(String.valueOf(expected));
        }
        if (actual instanceof Map<?, ?> m) {
            return m.containsKey(String.valueOf(expected));
        }
        return false;
    }

    @Override
    public String toString() {
        return field + " " + operator.name().toLowerCase(Locale.ROOT) + " " + (valueFrom != null ? valueFrom : value);
    }

    /** The roots a condition's {@code field} may start with ({@code actor}, {@code meta}, ...), for checking entries. */
    public static List<String> fieldRoots() {
        return List.of("actor.id", "actor.meta.*", "action", "resource", "meta.*");
    }
}
