package ai.wippy.value;

import ai.wippy.value.JavaProperties.Property;
import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.RecordType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A WIT record matched once to a Java record or POJO ({@link JavaProperties}; {@code tag-count} is
 * {@code tagCount}): per WIT field, the Java property that reads it and the slot it takes among the
 * arguments of {@link #build}. A Java record pairs with the WIT record one to one (in any order); a
 * POJO needs a property for every WIT field but an {@code option} (none when lowered, dropped when
 * lifted), readable to be lowered and writable to be lifted, and its other properties are left alone (not sent, left at their defaults), as Jackson does with
 * Spring Boot's defaults. Conversions that build or read objects without reflection per value
 * ({@link JavaPlan}, {@link JavaTypeMapper}, the canonical ABI's Java layouts) start from it.
 */
public final class RecordMatch {

    private final JavaProperties properties;
    private final Property[] fields;
    private final int[] slot;
    /** The properties set after construction, in slot order after the constructor's arguments. */
    private final Property[] setters;
    /** Why values of the class cannot be read as the WIT record, or be made from it; null when they can. */
    private final String unreadable;

    private final String unbuildable;

    private RecordMatch(RecordType r, Class<?> type) {
        this.properties = JavaProperties.of(type);
        int n = r.fields().size();
        this.fields = new Property[n];
        this.slot = new int[n];
        List<Property> setters = new ArrayList<>();
        String unreadable = null;
        String unbuildable = properties.unbuildable;
        for (int i = 0; i < n; i++) {
            WitType.Field f = r.fields().get(i);
            Property p = properties.find(f.name());
            for (int j = 0; p != null && j < i; j++) {
                p = fields[j] == p ? null : p;
            }
            String missing =
                    type.getSimpleName() + " has no property for field '" + f.name() + "' of record " + r.describe();
            fields[i] = p;
            if (p == null && f.type() instanceof WitType.OptionType) {
                slot[i] = -1; // none when lowered, dropped when lifted
                continue;
            }
            if (p == null || !p.readable()) {
                unreadable = unreadable != null ? unreadable : p == null ? missing : missing + " to read it (a getter)";
            }
            if (p == null || !p.writable()) {
                unbuildable = unbuildable != null
                        ? unbuildable
                        : p == null ? missing : missing + " to set it (a setter or a constructor parameter)";
                slot[i] = -1;
            } else if (p.parameter() >= 0) {
                slot[i] = p.parameter();
            } else {
                slot[i] = properties.arity() + setters.size();
                setters.add(p);
            }
        }
        for (Property p : properties.properties) {
            if (p.parameter() >= 0 && !Arrays.asList(fields).contains(p) && unbuildable == null) {
                unbuildable = type.getSimpleName() + "'s constructor takes '" + p.name() + "', which record "
                        + r.describe() + " has no field for";
            }
        }
        this.setters = setters.toArray(new Property[0]);
        this.unreadable = unreadable;
        this.unbuildable = unbuildable;
    }

    /**
     * The match of {@code r} and {@code type}, or {@code null} when {@code type} is a Java record whose
     * components and the fields do not pair up one to one (or one closed to reflection; the general
     * way reports it) or is neither a record nor a POJO. A POJO always matches; what it cannot do is
     * in {@link #problem}.
     */
    public static RecordMatch of(RecordType r, Class<?> type) {
        if (!type.isRecord() && !JavaObjects.isBean(type)) {
            return null;
        }
        RecordMatch m = new RecordMatch(r, type);
        boolean oneToOne =
                m.unreadable == null && m.unbuildable == null && m.properties.properties.size() == m.fields.length;
        return type.isRecord() && !oneToOne ? null : m;
    }

    /** Why values cannot be lowered ({@code lifting} false) or lifted as the record; null when they can. */
    public String problem(boolean lifting) {
        return lifting ? unbuildable : unreadable;
    }

    /** Whether WIT field {@code i} has a Java property. */
    public boolean has(int i) {
        return fields[i] != null;
    }

    /** The Java type of WIT field {@code i}'s property. */
    public Type type(int i) {
        return fields[i].type();
    }

    /** The class of WIT field {@code i}'s property. */
    public Class<?> rawType(int i) {
        return JavaTypeMapper.rawClass(fields[i].type());
    }

    /** The number of values {@link #build} takes. */
    public int slots() {
        return properties.arity() + setters.length;
    }

    /** The position among {@link #build}'s arguments of WIT field {@code i}. */
    public int slot(int i) {
        return slot[i];
    }

    /** WIT field {@code i} of {@code o} (an instance of the class); none for an option the class has no property for. */
    public Object read(Object o, int i) {
        return fields[i] == null ? null : JavaProperties.read(fields[i], o);
    }

    /** A new instance of the class from its values, by slot ({@link #slot}). */
    public Object build(Object[] values) throws Throwable {
        if (unbuildable != null) {
            throw new ValueShapeException("", unbuildable);
        }
        return properties.build(values, setters);
    }
}
