package ai.wippy.value;

import ai.wippy.wit.WitType.Case;
import ai.wippy.wit.WitType.RecordType;
import ai.wippy.wit.WitType.VariantType;
import java.lang.reflect.Type;
import java.util.List;

/**
 * A WIT variant matched once to a Java sealed interface (or sealed class) whose permitted records are
 * its cases, named like them ({@code not-found} is {@code NotFound}). A case's record carries its
 * payload one of three ways:
 *
 * <ul>
 *   <li>no payload: a record of no components ({@code record None() implements Shape {}});
 *   <li>a payload that is a WIT record: the case's record is that record, its components the payload's
 *       fields ({@code record Circle(double radius)} for {@code circle(circle-data)} where {@code
 *       circle-data} is {@code { radius: f64 }});
 *   <li>any other payload: a record of one component holding it ({@code record Text(String value)} for
 *       {@code text(string)}).
 * </ul>
 */
public final class VariantMatch {

    private static final Object[] NONE = new Object[0];

    private static final int EMPTY = 0;
    private static final int SELF = 1;
    private static final int ONE = 2;

    private final Class<?>[] classes;
    private final int[] modes;
    private final Type[] payloadTypes;
    private final String unreadable;
    private final String unbuildable;

    /** The match of {@code v} and {@code type}, or null when {@code type} is not sealed. */
    public static VariantMatch of(VariantType v, Class<?> type) {
        return type.isSealed() ? new VariantMatch(v, type) : null;
    }

    private VariantMatch(VariantType v, Class<?> type) {
        Class<?>[] permitted = type.getPermittedSubclasses();
        List<Case> cases = v.cases();
        int n = cases.size();
        this.classes = new Class<?>[n];
        this.modes = new int[n];
        this.payloadTypes = new Type[n];
        String problem = null;
        for (int i = 0; i < n && problem == null; i++) {
            Case c = cases.get(i);
            for (Class<?> p : permitted) {
                classes[i] = classes[i] == null && JavaObjects.sameName(p.getSimpleName(), c.name()) ? p : classes[i];
            }
            Class<?> cls = classes[i];
            String where = "case '" + c.name() + "' of variant " + v.describe();
            if (cls == null || !cls.isRecord()) {
                problem = type.getSimpleName() + " permits no record named for " + where;
            } else if (c.type() == null) {
                modes[i] = EMPTY;
                if (cls.getRecordComponents().length != 0) {
                    problem = cls.getSimpleName() + " has components, but " + where + " carries no payload";
                }
            } else if (c.type() instanceof RecordType r && RecordMatch.of(r, cls) != null) {
                modes[i] = SELF;
                payloadTypes[i] = cls;
            } else if (cls.getRecordComponents().length == 1) {
                modes[i] = ONE;
                payloadTypes[i] = cls.getRecordComponents()[0].getGenericType();
            } else {
                problem = cls.getSimpleName() + " needs one component for the payload of " + where
                        + (c.type() instanceof RecordType ? ", or the payload's fields as its components" : "");
            }
        }
        String unreadable = problem;
        for (Class<?> p : permitted) {
            if (!java.util.Arrays.asList(classes).contains(p) && unreadable == null) {
                unreadable = type.getSimpleName() + " permits " + p.getSimpleName() + ", which is no case of variant "
                        + v.describe();
            }
        }
        this.unreadable = unreadable;
        this.unbuildable = problem;
    }

    /** Why values cannot be lowered ({@code lifting} false) or lifted as the variant; null when they can. */
    public String problem(boolean lifting) {
        return lifting ? unbuildable : unreadable;
    }

    /** The Java type of case {@code c}'s payload (null when it has none). */
    public Type payloadType(int c) {
        return payloadTypes[c];
    }

    /** The case of Java value {@code v}, or -1 when it is none of the case records. */
    public int caseOf(Object v) {
        Class<?> cls = v == null ? null : v.getClass();
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] == cls) {
                return i;
            }
        }
        return -1;
    }

    /** The payload of case {@code c}'s record {@code v}. */
    public Object payload(int c, Object v) {
        return switch (modes[c]) {
            case EMPTY -> null;
            case SELF -> v;
            default ->
                JavaProperties.read(JavaProperties.of(classes[c]).properties.getFirst(), v);
        };
    }

    /** Case {@code c}'s record, of its payload (already of {@link #payloadType}). */
    public Object build(int c, Object payload) {
        if (modes[c] == SELF) {
            return payload;
        }
        try {
            return JavaProperties.of(classes[c])
                    .build(modes[c] == EMPTY ? NONE : new Object[] {payload}, new JavaProperties.Property[0]);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new ValueShapeException("", "cannot build " + classes[c].getSimpleName() + ": " + e);
        }
    }

    /** The sealed interface or class of which {@code type} is a permitted record, or null. */
    static Class<?> sealedOf(Class<?> type) {
        if (!type.isRecord()) {
            return null;
        }
        for (Class<?> i : type.getInterfaces()) {
            if (i.isSealed()) {
                return i;
            }
        }
        return null;
    }
}
