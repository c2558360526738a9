package ai.wippy.value;

import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.EnumType;
import ai.wippy.wit.WitType.ListType;
import ai.wippy.wit.WitType.OptionType;
import ai.wippy.wit.WitType.Primitive;
import ai.wippy.wit.WitType.RecordType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The conversion between one Java type and one WIT type, worked out once from the two types (which
 * record component is which field, the record's constructor and accessors, the enum's constants)
 * so that a call converts its values without reflection, name matching or path strings. A plan only
 * takes the common shapes; on anything else (and on any value that fails a check) it answers
 * {@link #MISS}, and the caller converts the whole value with {@link CanonicalValues} or {@link
 * JavaTypeMapper}, which define the conversions and name the bad part in their errors.
 */
sealed interface JavaPlan {

    /** The plan does not take this value: convert it the general way. */
    static final Object MISS = new Object();

    /** The canonical {@code value} as the Java type, or {@link #MISS}. */
    Object lift(Object value);

    /** The Java {@code value} in canonical form, checked against the WIT type, or {@link #MISS}. */
    Object lower(Object value);

    /** The plan for {@code wit} and {@code java}, or {@code null} when the pair has none (the general way serves). */
    static JavaPlan of(WitType wit, Type java) {
        if (wit == null || java == null) {
            return null;
        }
        Class<?> raw = JavaTypeMapper.rawClass(java);
        return switch (wit) {
            case Primitive p -> Scalar.of(p, raw);
            case ListType l
            when !l.isBytes() && (raw == List.class || raw == Collection.class || raw == Iterable.class) -> {
                JavaPlan element = of(l.element(), JavaTypeMapper.typeArg(java, 0));
                yield element == null ? null : new Each(element);
            }
            case OptionType o
            when !(o.inner() instanceof OptionType) -> {
                boolean optional = raw == Optional.class;
                JavaPlan inner = of(o.inner(), optional ? JavaTypeMapper.typeArg(java, 0) : java);
                yield inner == null || (!optional && raw.isPrimitive()) ? null : new Maybe(inner, optional);
            }
            case RecordType r when !(java instanceof ParameterizedType) -> Fields.of(r, raw);
            case EnumType e when raw.isEnum() -> Cases.of(e, raw);
            default -> null;
        };
    }

    /** Scalars: the value passes as it is when it already has its canonical (or declared) class. */
    record Scalar(Primitive wit, Class<?> java) implements JavaPlan {

        static JavaPlan of(Primitive p, Class<?> raw) {
            Class<?> boxed = raw.isPrimitive() ? JavaBinding.boxed(raw) : raw;
            boolean known = boxed == Integer.class
                    || boxed == Long.class
                    || boxed == Double.class
                    || boxed == Boolean.class
                    || boxed == String.class;
            return known ? new Scalar(p, boxed) : null;
        }

        @Override
        public Object lift(Object v) {
            if (v != null && v.getClass() == java) {
                return v;
            }
            if (java == Integer.class && v instanceof Long l && l == (int) (long) l) {
                return (int) (long) l;
            }
            if (java == Long.class && v instanceof Integer i) {
                return (long) i;
            }
            return MISS;
        }

        @Override
        public Object lower(Object v) {
            Object c = CanonicalValues.exact(wit, v);
            return c != null ? c : MISS;
        }
    }

    /** {@code list<T>} as a {@code List}: each element by the element's plan. */
    record Each(JavaPlan element) implements JavaPlan {

        @Override
        public Object lift(Object v) {
            return v instanceof List<?> l ? each(l, true) : MISS;
        }

        @Override
        public Object lower(Object v) {
            return v instanceof List<?> l ? each(l, false) : MISS;
        }

        /** The converted list; the list itself when every element stays as it is (strings, ints...), without a copy. */
        private Object each(List<?> items, boolean lift) {
            List<Object> out = null;
            int i = 0;
            for (Object item : items) {
                Object r = lift ? element.lift(item) : element.lower(item);
                if (r == MISS) {
                    return MISS;
                }
                if (out == null && r != item) {
                    out = new ArrayList<>(items.size());
                    out.addAll(items.subList(0, i));
                }
                if (out != null) {
                    out.add(r);
                }
                i++;
            }
            return out == null ? items : out;
        }
    }

    /** {@code option<T>}: canonical {@code null} is none; in Java an {@code Optional}, or a nullable value. */
    record Maybe(JavaPlan inner, boolean optional) implements JavaPlan {

        @Override
        public Object lift(Object v) {
            if (v == null) {
                return optional ? Optional.empty() : null;
            }
            Object r = inner.lift(v);
            return r == MISS || r == null ? MISS : optional ? Optional.of(r) : r;
        }

        @Override
        public Object lower(Object v) {
            if (v instanceof Optional<?> o) {
                v = o.orElse(null);
            }
            return v == null ? null : inner.lower(v);
        }
    }

    /**
     * A WIT record as a Java record or POJO ({@link RecordMatch}); per WIT field, in WIT order: its
     * name, its slot among the values that build the object, its plan, whether its property is primitive.
     */
    record Fields(
            Class<?> type,
            List<WitType.Field> witFields,
            RecordMatch match,
            String[] names,
            int[] slot,
            JavaPlan[] plans,
            boolean[] primitive)
            implements JavaPlan {

        static JavaPlan of(RecordType r, Class<?> type) {
            RecordMatch match = RecordMatch.of(r, type);
            if (match == null || match.problem(true) != null || match.problem(false) != null) {
                return null;
            }
            int n = r.fields().size();
            String[] names = new String[n];
            int[] slot = new int[n];
            JavaPlan[] plans = new JavaPlan[n];
            boolean[] primitive = new boolean[n];
            for (int i = 0; i < n; i++) {
                WitType.Field f = r.fields().get(i);
                JavaPlan plan = match.has(i) ? JavaPlan.of(f.type(), match.type(i)) : null;
                if (plan == null) {
                    return null;
                }
                names[i] = f.name();
                slot[i] = match.slot(i);
                plans[i] = plan;
                primitive[i] = match.rawType(i).isPrimitive();
            }
            return new Fields(type, r.fields(), match, names, slot, plans, primitive);
        }

        @Override
        public Object lift(Object v) {
            if (!(v instanceof Map<?, ?> m)) {
                return MISS;
            }
            if (m.size() != names.length) {
                return MISS;
            }
            FieldValues same = m instanceof FieldValues values && values.fields() == witFields ? values : null;
            Object[] args = new Object[match.slots()];
            for (int i = 0; i < names.length; i++) {
                Object field = same != null ? same.at(i) : m.get(names[i]);
                if (field == null && (primitive[i] || (same == null && !m.containsKey(names[i])))) {
                    return MISS;
                }
                Object r = plans[i].lift(field);
                if (r == MISS) {
                    return MISS;
                }
                args[slot[i]] = r;
            }
            try {
                return match.build(args);
            } catch (Throwable e) {
                return MISS; // a constructor that refuses: the general way reports it
            }
        }

        @Override
        public Object lower(Object v) {
            if (v == null || v.getClass() != type) {
                return MISS;
            }
            Object[] out = new Object[names.length];
            for (int i = 0; i < names.length; i++) {
                Object field;
                try {
                    field = match.read(v, i);
                } catch (RuntimeException e) {
                    return MISS;
                }
                Object r = plans[i].lower(field);
                if (r == MISS) {
                    return MISS;
                }
                out[i] = r;
            }
            return new FieldValues(witFields, out);
        }
    }

    /** A WIT enum as a Java enum: case names and constants matched once. */
    record Cases(Class<?> type, Map<String, Object> byCase, String[] byOrdinal) implements JavaPlan {

        static JavaPlan of(EnumType e, Class<?> type) {
            Object[] constants = type.getEnumConstants();
            Map<String, Object> byCase = new HashMap<>();
            String[] byOrdinal = new String[constants.length];
            for (Object constant : constants) {
                String name = ((Enum<?>) constant).name();
                for (String c : e.cases()) {
                    if (JavaObjects.sameName(c, name)) {
                        byCase.put(c, constant);
                        byOrdinal[((Enum<?>) constant).ordinal()] = c;
                    }
                }
            }
            return new Cases(type, byCase, byOrdinal);
        }

        @Override
        public Object lift(Object v) {
            Object constant = v instanceof String s ? byCase.get(s) : null;
            return constant == null ? MISS : constant;
        }

        @Override
        public Object lower(Object v) {
            String c = v instanceof Enum<?> e && e.getDeclaringClass() == type ? byOrdinal[e.ordinal()] : null;
            return c == null ? MISS : c;
        }
    }
}
