package ai.wippy.value;

import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.Case;
import ai.wippy.wit.WitType.EnumType;
import ai.wippy.wit.WitType.Field;
import ai.wippy.wit.WitType.FlagsType;
import ai.wippy.wit.WitType.HandleType;
import ai.wippy.wit.WitType.ListType;
import ai.wippy.wit.WitType.OptionType;
import ai.wippy.wit.WitType.Primitive;
import ai.wippy.wit.WitType.RecordType;
import ai.wippy.wit.WitType.ResultType;
import ai.wippy.wit.WitType.TupleType;
import ai.wippy.wit.WitType.VariantType;
import java.lang.reflect.Array;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a host value against a WIT type and brings it to the canonical representation described in
 * {@code package-info}. Loose inputs are accepted where the meaning is unambiguous (any integral
 * Number for an integer type, a Java array or Collection for a list, an Optional for an option, a
 * Java record or POJO for a WIT record, a Java enum for a WIT enum). Integers are range-checked:
 * 300 into a {@code u8} is an error, never a wrap. Every error names the path to the bad part.
 */
public final class CanonicalValues {

    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private CanonicalValues() {}

    /**
     * {@code value} in its canonical form for {@code type}; a bad part throws a {@link
     * ValueShapeException} whose path starts with {@code path} (a parameter name, say, or empty).
     */
    public static Object toCanonical(WitType type, Object value, String path) {
        try {
            return convert(type, value);
        } catch (ValueShapeException e) {
            throw path.isEmpty() ? e : e.under(path);
        }
    }

    /**
     * The conversion without a path: a failure is thrown with the path inside the value it failed in,
     * and each level it leaves through prefixes its own part ({@link ValueShapeException#under}), so
     * a value that converts builds no path strings.
     */
    private static Object convert(WitType type, Object value) {
        if (type instanceof Primitive p) {
            return primitive(p, value);
        }
        if (value instanceof Optional<?> opt && !(type instanceof OptionType)) {
            value = opt.orElse(null);
        }
        return switch (type) {
            case ListType l -> list(l, value);
            case RecordType r -> record(r, value);
            case TupleType t -> tuple(t, value);
            case VariantType v -> variant(v, value);
            case EnumType e -> enumCase(e, value);
            case FlagsType f -> flags(f, value);
            case OptionType o -> option(o, value);
            case ResultType r -> result(r, value);
            case HandleType h -> handle(h, value);
            case Primitive p -> primitive(p, value);
        };
    }

    /** {@link #convert} of one part of a value, the part's path segment ({@code [i]}, a field) added to a failure. */
    private static Object part(WitType type, Object value, String segment) {
        try {
            return convert(type, value);
        } catch (ValueShapeException e) {
            throw e.under(segment);
        }
    }

    private static Object part(WitType type, Object value, int index) {
        try {
            return convert(type, value);
        } catch (ValueShapeException e) {
            throw e.under("[" + index + "]");
        }
    }

    /**
     * {@code value} when it already is canonical for {@code p} (of the canonical class and in range),
     * an unsigned 32-bit {@code Integer} widened to its {@code Long}; else null (convert it with {@link
     * #toCanonical}, which names what is wrong). The check lowering fuses into writing a value.
     */
    public static Object exact(Primitive p, Object value) {
        return switch (p) {
            case S32 -> value instanceof Integer ? value : null;
            case S64 -> value instanceof Long ? value : null;
            case F64 -> value instanceof Double ? value : null;
            case F32 -> value instanceof Float ? value : null;
            case BOOL -> value instanceof Boolean ? value : null;
            case STRING -> value instanceof String ? value : null;
            case U32 ->
                value instanceof Integer i && i >= 0
                        ? (Object) (long) i
                        : value instanceof Long n && n >= 0 && n <= 0xFFFF_FFFFL ? value : null;
            case U64 -> value instanceof Long n && n >= 0 ? value : null;
            case S8 -> value instanceof Integer i && i >= -128 && i <= 127 ? value : null;
            case U8 -> value instanceof Integer i && i >= 0 && i <= 255 ? value : null;
            case S16 -> value instanceof Integer i && i >= Short.MIN_VALUE && i <= Short.MAX_VALUE ? value : null;
            case U16 -> value instanceof Integer i && i >= 0 && i <= 65535 ? value : null;
            case CHAR -> null;
        };
    }

    private static Object primitive(Primitive p, Object value) {
        // values already in their canonical form pass through without re-boxing
        Object exact = exact(p, value);
        if (exact != null) {
            return exact;
        }
        if (value == null) {
            throw new ValueShapeException("", "expected " + p.describe() + ", got nothing");
        }
        return switch (p) {
            case BOOL -> {
                if (value instanceof Boolean b) {
                    yield b;
                }
                throw mismatch(p, value);
            }
            case S8 -> (int) integer(value, p, -128, 127);
            case U8 -> (int) integer(value, p, 0, 255);
            case S16 -> (int) integer(value, p, Short.MIN_VALUE, Short.MAX_VALUE);
            case U16 -> (int) integer(value, p, 0, 65535);
            case S32 -> (int) integer(value, p, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case U32 -> integer(value, p, 0, 0xFFFF_FFFFL);
            case S64 -> integer(value, p, Long.MIN_VALUE, Long.MAX_VALUE);
            case U64 -> unsigned64(value);
            case F32 -> {
                if (value instanceof Number n && !(n instanceof BigInteger)) {
                    yield n.floatValue();
                }
                throw mismatch(p, value);
            }
            case F64 -> {
                if (value instanceof Number n && !(n instanceof BigInteger)) {
                    yield n.doubleValue();
                }
                throw mismatch(p, value);
            }
            case CHAR -> character(value);
            case STRING -> {
                if (value instanceof String s) {
                    yield s;
                }
                if (value instanceof CharSequence cs) {
                    yield cs.toString();
                }
                throw mismatch(p, value);
            }
        };
    }

    private static long integer(Object value, Primitive p, long min, long max) {
        long v;
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            v = ((Number) value).longValue();
        } else if (value instanceof BigInteger b) {
            if (b.bitLength() > 63) {
                throw outOfRange(p, value, min, max);
            }
            v = b.longValue();
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw new ValueShapeException("", "expected " + p.describe() + ", got non-integral number " + value);
            }
            if (d < -9.223372036854776E18 || d >= 9.223372036854776E18) {
                throw outOfRange(p, value, min, max);
            }
            v = (long) d;
        } else if (value instanceof Character c) {
            v = c;
        } else {
            throw mismatch(p, value);
        }
        if (v < min || v > max) {
            throw outOfRange(p, value, min, max);
        }
        return v;
    }

    private static Object unsigned64(Object value) {
        BigInteger b;
        if (value instanceof BigInteger bi) {
            b = bi;
        } else if (value instanceof Byte
                || value instanceof Short
                || value instanceof Integer
                || value instanceof Long) {
            b = BigInteger.valueOf(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw new ValueShapeException("", "expected u64, got non-integral number " + value);
            }
            b = new java.math.BigDecimal(d).toBigInteger();
        } else {
            throw mismatch(Primitive.U64, value);
        }
        if (b.signum() < 0 || b.compareTo(U64_MAX) > 0) {
            throw new ValueShapeException("", "value " + value + " is out of range for u64 (0.." + U64_MAX + ")");
        }
        return b.bitLength() <= 63 ? (Object) b.longValue() : b;
    }

    private static String character(Object value) {
        if (value instanceof Character c) {
            if (Character.isSurrogate(c)) {
                throw new ValueShapeException("", "expected char, got a lone surrogate");
            }
            return String.valueOf(c);
        }
        if (value instanceof String s && s.codePointCount(0, s.length()) == 1) {
            int cp = s.codePointAt(0);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                throw new ValueShapeException("", "expected char, got a lone surrogate");
            }
            return s;
        }
        if (value instanceof Integer cp) {
            if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw new ValueShapeException("", "value " + cp + " is not a Unicode scalar value");
            }
            return new String(Character.toChars(cp));
        }
        throw new ValueShapeException("", "expected char (a string of one character), got " + describe(value));
    }

    private static Object list(ListType type, Object value) {
        if (type.isBytes()) {
            if (value instanceof byte[] bytes) {
                return bytes;
            }
            if (value instanceof String s) {
                return s.getBytes(StandardCharsets.UTF_8);
            }
            List<?> items = asList(value, type);
            byte[] out = new byte[items.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (int) part(Primitive.U8, items.get(i), i);
            }
            return out;
        }
        List<?> items = asList(value, type);
        List<Object> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(part(type.element(), items.get(i), i));
        }
        return out;
    }

    private static List<?> asList(Object value, WitType type) {
        if (value instanceof List<?> l) {
            return l;
        }
        if (value instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        if (value != null && value.getClass().isArray()) {
            int n = Array.getLength(value);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(Array.get(value, i));
            }
            return out;
        }
        throw new ValueShapeException("", "expected " + type.describe() + ", got " + describe(value));
    }

    private static Map<String, Object> record(RecordType type, Object value) {
        RecordMatch match = value == null || value instanceof Map ? null : RecordMatch.of(type, value.getClass());
        if (match != null && match.problem(false) == null) {
            Object[] out = new Object[type.fields().size()];
            for (int i = 0; i < out.length; i++) {
                Field f = type.fields().get(i);
                out[i] = part(f.type(), match.read(value, i), f.name());
            }
            return new FieldValues(type.fields(), out);
        }
        Map<String, Object> source = JavaObjects.asFieldMap(value);
        if (source == null) {
            throw new ValueShapeException("", "expected record " + type.describe() + ", got " + describe(value));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : type.fields()) {
            Object v = JavaObjects.lookupField(source, f.name());
            if (v == null && !source.containsKey(f.name()) && !(f.type() instanceof OptionType)) {
                if (!JavaObjects.hasField(source, f.name())) {
                    throw new ValueShapeException(
                            f.name(), "missing field of type " + f.type().describe());
                }
            }
            out.put(f.name(), part(f.type(), v, f.name()));
        }
        for (String key : source.keySet()) {
            if (type.fields().stream().noneMatch(f -> JavaObjects.sameName(f.name(), key))) {
                throw new ValueShapeException(key, "record " + type.describe() + " has no field '" + key + "'");
            }
        }
        return out;
    }

    private static List<Object> tuple(TupleType type, Object value) {
        List<?> items = asList(value, type);
        if (items.size() != type.elements().size()) {
            throw new ValueShapeException(
                    "",
                    "expected " + type.describe() + " of " + type.elements().size() + " elements, got " + items.size());
        }
        List<Object> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(part(type.elements().get(i), items.get(i), i));
        }
        return out;
    }

    private static VariantValue variant(VariantType type, Object value) {
        String caseName;
        Object payload;
        if (value instanceof VariantValue v) {
            caseName = v.caseName();
            payload = v.payload();
        } else if (value instanceof String s) {
            caseName = s;
            payload = null;
        } else if (value != null && VariantMatch.sealedOf(value.getClass()) != null) {
            VariantMatch match = VariantMatch.of(type, VariantMatch.sealedOf(value.getClass()));
            int c = match.caseOf(value);
            if (c < 0) {
                throw new ValueShapeException(
                        "",
                        value.getClass().getSimpleName() + " is no case of variant " + type.describe() + " "
                                + type.cases().stream().map(Case::name).toList());
            }
            caseName = type.cases().get(c).name();
            payload = match.payload(c, value);
        } else if (value instanceof Map<?, ?> m && m.size() == 1) {
            var e = m.entrySet().iterator().next();
            caseName = String.valueOf(e.getKey());
            payload = e.getValue();
        } else if (value instanceof Map<?, ?> m && m.containsKey("tag")) {
            caseName = String.valueOf(m.get("tag"));
            payload = m.get("val");
        } else {
            throw new ValueShapeException(
                    "",
                    "expected variant " + type.describe() + " (a VariantValue, {tag, val} or {case: payload}), got "
                            + describe(value));
        }
        for (Case c : type.cases()) {
            if (c.name().equals(caseName)) {
                if (c.type() == null) {
                    if (payload != null) {
                        throw new ValueShapeException("", "case '" + caseName + "' carries no payload");
                    }
                    return new VariantValue(caseName, null);
                }
                return new VariantValue(caseName, part(c.type(), payload, "<" + caseName + ">"));
            }
        }
        throw new ValueShapeException(
                "",
                "'" + caseName + "' is not a case of " + type.describe() + " "
                        + type.cases().stream().map(Case::name).toList());
    }

    private static String enumCase(EnumType type, Object value) {
        String name;
        if (value instanceof Enum<?> e) {
            name = JavaObjects.kebab(e.name());
        } else if (value instanceof String s) {
            name = s;
        } else {
            throw new ValueShapeException("", "expected enum " + type.describe() + ", got " + describe(value));
        }
        for (String c : type.cases()) {
            if (c.equals(name) || JavaObjects.sameName(c, name)) {
                return c;
            }
        }
        throw new ValueShapeException("", "'" + name + "' is not a case of " + type.describe() + " " + type.cases());
    }

    private static Set<String> flags(FlagsType type, Object value) {
        Collection<?> items;
        if (value instanceof Collection<?> c) {
            items = c;
        } else if (value != null && value.getClass().isArray()) {
            items = asList(value, type);
        } else {
            throw new ValueShapeException(
                    "", "expected flags " + type.describe() + " (a set of names), got " + describe(value));
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object item : items) {
            String name = item instanceof Enum<?> e ? JavaObjects.kebab(e.name()) : String.valueOf(item);
            String match = type.flags().stream()
                    .filter(f -> JavaObjects.sameName(f, name))
                    .findFirst()
                    .orElse(null);
            if (match == null) {
                throw new ValueShapeException(
                        "", "'" + name + "' is not a flag of " + type.describe() + " " + type.flags());
            }
            out.add(match);
        }
        return out;
    }

    private static Object option(OptionType type, Object value) {
        if (value instanceof Optional<?> opt) {
            value = opt.orElse(null);
        }
        if (value == null) {
            return null;
        }
        return part(type.inner(), value, "?");
    }

    private static ResultValue result(ResultType type, Object value) {
        if (value instanceof ResultValue r) {
            WitType t = r.ok() ? type.ok() : type.err();
            if (t == null) {
                return r.value() == null ? r : new ResultValue(r.ok(), null);
            }
            Object v = part(t, r.value(), r.ok() ? "<ok>" : "<err>");
            return v == r.value() ? r : new ResultValue(r.ok(), v);
        }
        if (value instanceof Map<?, ?> m && m.size() == 1 && (m.containsKey("ok") || m.containsKey("err"))) {
            boolean ok = m.containsKey("ok");
            WitType t = ok ? type.ok() : type.err();
            Object raw = ok ? m.get("ok") : m.get("err");
            return new ResultValue(ok, t == null ? null : part(t, raw, ok ? "<ok>" : "<err>"));
        }
        // A plain value is taken as ok.
        return ResultValue.ok(type.ok() == null ? null : part(type.ok(), value, "<ok>"));
    }

    private static ResourceHandle handle(HandleType type, Object value) {
        if (value instanceof ResourceHandle h) {
            return h;
        }
        throw new ValueShapeException(
                "", "expected a handle to resource " + type.resource() + ", got " + describe(value));
    }

    private static ValueShapeException mismatch(Primitive p, Object value) {
        return new ValueShapeException("", "expected " + p.describe() + ", got " + describe(value));
    }

    private static ValueShapeException outOfRange(Primitive p, Object value, long min, long max) {
        return new ValueShapeException(
                "", "value " + value + " is out of range for " + p.describe() + " (" + min + ".." + max + ")");
    }

    /** Names the kind of a host value the way error messages do. */
    public static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Number n) {
            return "number " + n;
        }
        if (value instanceof byte[]) {
            return "bytes";
        }
        if (value instanceof Map) {
            return "map";
        }
        if (value instanceof Collection || value.getClass().isArray()) {
            return "list";
        }
        return value.getClass().getSimpleName();
    }
}
