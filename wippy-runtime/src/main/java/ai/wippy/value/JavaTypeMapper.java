package ai.wippy.value;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a canonical value into the Java type a typed proxy declares: boxed and primitive numbers
 * (range-checked), String, byte[], List, Set, Map, Optional, Java enums, records and POJOs (WIT
 * kebab-case fields to camelCase properties). Errors name the path to the bad part.
 */
public final class JavaTypeMapper {

    private JavaTypeMapper() {}

    public static Object toJava(Object value, Type target, String path) {
        if (target == null || target == Object.class || target == void.class || target == Void.class) {
            return value;
        }
        if (target instanceof WildcardType w) {
            return toJava(value, w.getUpperBounds()[0], path);
        }
        Class<?> raw = rawClass(target);
        if (raw == Optional.class) {
            return value == null ? Optional.empty() : Optional.of(toJava(value, typeArg(target, 0), path));
        }
        if (value == null) {
            if (raw.isPrimitive()) {
                throw new ValueShapeException(path, "expected " + raw.getName() + ", got nothing");
            }
            return null;
        }
        if (raw.isInstance(value) && !(target instanceof ParameterizedType) && !raw.isArray()) {
            return value;
        }
        if (raw == int.class || raw == Integer.class) {
            return (int) integral(value, path, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
        }
        if (raw == long.class || raw == Long.class) {
            if (value instanceof BigInteger b) {
                throw new ValueShapeException(path, "value " + b + " does not fit a long; declare BigInteger");
            }
            return integral(value, path, Long.MIN_VALUE, Long.MAX_VALUE, "long");
        }
        if (raw == short.class || raw == Short.class) {
            return (short) integral(value, path, Short.MIN_VALUE, Short.MAX_VALUE, "short");
        }
        if (raw == byte.class || raw == Byte.class) {
            return (byte) integral(value, path, Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
        }
        if (raw == BigInteger.class && value instanceof Number n) {
            return value instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
        }
        if ((raw == double.class || raw == Double.class) && value instanceof Number n) {
            return n.doubleValue();
        }
        if ((raw == float.class || raw == Float.class) && value instanceof Number n) {
            return n.floatValue();
        }
        if ((raw == boolean.class || raw == Boolean.class) && value instanceof Boolean b) {
            return b;
        }
        if ((raw == char.class || raw == Character.class) && value instanceof String s && s.length() == 1) {
            return s.charAt(0);
        }
        if (raw == String.class) {
            if (value instanceof byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                return value.toString();
            }
        }
        if (raw == byte[].class) {
            if (value instanceof byte[]) {
                return value;
            }
            if (value instanceof String s) {
                return s.getBytes(StandardCharsets.UTF_8);
            }
            if (value instanceof List<?> l) {
                byte[] out = new byte[l.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (byte) integral(l.get(i), path + "[" + i + "]", 0, 255, "u8");
                }
                return out;
            }
        }
        if (raw.isEnum()) {
            return enumConstant(raw, value, path);
        }
        if (Set.class.isAssignableFrom(raw) && value instanceof Collection<?> c) {
            Type elem = typeArg(target, 0);
            Class<?> elemRaw = rawClass(elem);
            if (elemRaw.isEnum()) {
                @SuppressWarnings({"rawtypes", "unchecked"})
                EnumSet set = EnumSet.noneOf((Class) elemRaw);
                for (Object o : c) {
                    set.add(enumConstant(elemRaw, o, path));
                }
                return set;
            }
            Set<Object> out = new LinkedHashSet<>();
            int i = 0;
            for (Object o : c) {
                out.add(toJava(o, elem, path + "[" + i++ + "]"));
            }
            return out;
        }
        if ((List.class.isAssignableFrom(raw) || raw == Collection.class || raw == Iterable.class)) {
            List<?> items = value instanceof byte[] bytes
                    ? bytesAsList(bytes)
                    : value instanceof Collection<?> c ? new ArrayList<>(c) : null;
            if (items != null) {
                Type elem = typeArg(target, 0);
                List<Object> out = new ArrayList<>(items.size());
                for (int i = 0; i < items.size(); i++) {
                    out.add(toJava(items.get(i), elem, path + "[" + i + "]"));
                }
                return out;
            }
        }
        if (raw.isArray() && value instanceof List<?> l) {
            Type component =
                    target instanceof GenericArrayType g ? g.getGenericComponentType() : raw.getComponentType();
            Object array = java.lang.reflect.Array.newInstance(rawClass(component), l.size());
            for (int i = 0; i < l.size(); i++) {
                java.lang.reflect.Array.set(array, i, toJava(l.get(i), component, path + "[" + i + "]"));
            }
            return array;
        }
        if (Map.class.isAssignableFrom(raw) && value instanceof Map<?, ?> m) {
            Type valueType = typeArg(target, 1);
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), toJava(v, valueType, path + "." + k)));
            return out;
        }
        if ((raw.isRecord() || JavaObjects.isBean(raw)) && value instanceof Map<?, ?> m) {
            return object(raw, m, path);
        }
        if (raw.isSealed() && value instanceof VariantValue v) {
            return variantCase(raw, v, path);
        }
        if (raw == ResultValue.class || raw == VariantValue.class || raw == ResourceHandle.class) {
            return value;
        }
        throw new ValueShapeException(
                path, "cannot convert " + CanonicalValues.describe(value) + " to " + target.getTypeName());
    }

    private static List<Integer> bytesAsList(byte[] bytes) {
        List<Integer> out = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            out.add(b & 0xFF);
        }
        return out;
    }

    private static long integral(Object value, String path, long min, long max, String javaType) {
        if (!(value instanceof Number n) || value instanceof Double || value instanceof Float) {
            if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                if (d == Math.rint(d) && d >= min && d <= max) {
                    return (long) d;
                }
            }
            throw new ValueShapeException(path, "expected " + javaType + ", got " + CanonicalValues.describe(value));
        }
        if (n instanceof BigInteger b && b.bitLength() > 63) {
            throw new ValueShapeException(path, "value " + b + " is out of range for " + javaType);
        }
        long v = n.longValue();
        if (v < min || v > max) {
            throw new ValueShapeException(
                    path, "value " + v + " is out of range for " + javaType + " (" + min + ".." + max + ")");
        }
        return v;
    }

    private static Object enumConstant(Class<?> enumType, Object value, String path) {
        String name = value instanceof Enum<?> e ? e.name() : String.valueOf(value);
        for (Object constant : enumType.getEnumConstants()) {
            if (JavaObjects.sameName(((Enum<?>) constant).name(), name)) {
                return constant;
            }
        }
        throw new ValueShapeException(path, "'" + name + "' is not a constant of " + enumType.getSimpleName());
    }

    /** A record or POJO ({@link JavaProperties}) from the fields of a canonical record. */
    private static Object object(Class<?> type, Map<?, ?> m, String path) {
        Map<String, Object> source = JavaObjects.asFieldMap(m);
        JavaProperties props = JavaProperties.of(type);
        if (props.unbuildable != null) {
            throw new ValueShapeException(path, "cannot build " + type.getSimpleName() + ": " + props.unbuildable);
        }
        List<JavaProperties.Property> set = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        Object[] args = new Object[props.arity()];
        for (JavaProperties.Property p : props.properties) {
            boolean given = JavaObjects.hasField(source, p.name());
            if (p.parameter() < 0 && (p.setter() == null || !given)) {
                continue;
            }
            String kebab = JavaObjects.kebab(p.name());
            Object v = toJava(
                    JavaObjects.lookupField(source, p.name()), p.type(), path.isEmpty() ? kebab : path + "." + kebab);
            if (p.parameter() >= 0) {
                args[p.parameter()] = v;
            } else {
                set.add(p);
                values.add(v);
            }
        }
        Object[] all = java.util.Arrays.copyOf(args, args.length + values.size());
        for (int i = 0; i < values.size(); i++) {
            all[args.length + i] = values.get(i);
        }
        try {
            return props.build(all, set.toArray(new JavaProperties.Property[0]));
        } catch (RuntimeException | Error e) {
            throw e instanceof ValueShapeException v
                    ? v
                    : new ValueShapeException(path, "cannot build " + type.getSimpleName() + ": " + e);
        } catch (Throwable e) {
            throw new ValueShapeException(path, "cannot build " + type.getSimpleName() + ": " + e);
        }
    }

    /** The record of a sealed type's that the case of {@code v} names ({@link VariantMatch}'s rules, without the WIT type). */
    private static Object variantCase(Class<?> sealed, VariantValue v, String path) {
        for (Class<?> p : sealed.getPermittedSubclasses()) {
            if (p.isRecord() && JavaObjects.sameName(p.getSimpleName(), v.caseName())) {
                RecordComponent[] rc = p.getRecordComponents();
                String at = path + "<" + v.caseName() + ">";
                Object payload = v.payload();
                if (rc.length == 0 && payload == null) {
                    return object(p, Map.of(), at);
                }
                boolean fields = payload instanceof Map<?, ?> m && rc.length == m.size();
                for (int i = 0; fields && i < rc.length; i++) {
                    fields = JavaObjects.hasField(JavaObjects.asFieldMap(payload), rc[i].getName());
                }
                if (fields) {
                    return object(p, (Map<?, ?>) payload, at);
                }
                if (rc.length == 1) {
                    return object(p, Map.of(rc[0].getName(), payload), at);
                }
                throw new ValueShapeException(
                        at, p.getSimpleName() + " does not fit the payload " + CanonicalValues.describe(payload));
            }
        }
        throw new ValueShapeException(
                path, "'" + v.caseName() + "' is not a record permitted by " + sealed.getSimpleName());
    }

    /** Whether a Java name and a WIT name name the same thing ({@code tagCount}, {@code tag-count}). */
    public static boolean sameName(String javaName, String witName) {
        return JavaObjects.sameName(javaName, witName);
    }

    public static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType g) {
            return java.lang.reflect.Array.newInstance(rawClass(g.getGenericComponentType()), 0)
                    .getClass();
        }
        if (type instanceof WildcardType w) {
            return rawClass(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    public static Type typeArg(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }
}
