package ai.wippy.component;

import ai.wippy.value.ResourceHandle;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wit.WitType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts between jco's JavaScript value forms (as conformance.mjs writes them to JSON) and our
 * canonical values, guided by the WIT type: records with camelCase keys, variants {@code {tag, val}},
 * flags as objects of booleans, 64-bit integers as {@code {"$bigint": "..."}}.
 */
final class JcoValues {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final ObjectMapper JSON = new ObjectMapper();

    private JcoValues() {}

    static String camel(String kebab) {
        return ai.wippy.component.host.ReflectiveHostInterface.javaName(kebab);
    }

    static Object toCanonical(JsonNode js, WitType type) {
        return switch (type) {
            case WitType.Primitive p ->
                switch (p) {
                    case BOOL -> js.booleanValue();
                    case S8, U8, S16, U16, S32 -> js.intValue();
                    case U32 -> js.longValue();
                    case S64 ->
                        js.has("$bigint") ? Long.parseLong(js.get("$bigint").asText()) : js.longValue();
                    case U64 ->
                        js.has("$bigint") ? new BigInteger(js.get("$bigint").asText()).longValue() : js.longValue();
                    case F32 -> (float) js.doubleValue();
                    case F64 -> js.doubleValue();
                    case CHAR, STRING -> js.asText();
                };
            case WitType.ListType l -> {
                if (l.isBytes()) {
                    byte[] b = new byte[js.size()];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = (byte) js.get(i).intValue();
                    }
                    yield b;
                }
                List<Object> out = new ArrayList<>();
                js.forEach(e -> out.add(toCanonical(e, l.element())));
                yield out;
            }
            case WitType.RecordType r -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (WitType.Field f : r.fields()) {
                    out.put(f.name(), toCanonical(js.get(camel(f.name())), f.type()));
                }
                yield out;
            }
            case WitType.TupleType t -> {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < t.elements().size(); i++) {
                    out.add(toCanonical(js.get(i), t.elements().get(i)));
                }
                yield out;
            }
            case WitType.VariantType v -> {
                String tag = js.get("tag").asText();
                WitType payload = v.cases().stream()
                        .filter(c -> c.name().equals(tag))
                        .findFirst()
                        .orElseThrow()
                        .type();
                yield new VariantValue(tag, payload == null ? null : toCanonical(js.get("val"), payload));
            }
            case WitType.EnumType e -> js.asText();
            case WitType.FlagsType f -> {
                Set<String> out = new LinkedHashSet<>();
                for (String flag : f.flags()) {
                    if (js.path(camel(flag)).asBoolean(false)) {
                        out.add(flag);
                    }
                }
                yield out;
            }
            case WitType.OptionType o -> js == null || js.isNull() ? null : toCanonical(js, o.inner());
            case WitType.ResultType r -> throw new IllegalArgumentException("result arguments are not used");
            case WitType.HandleType h -> throw new IllegalArgumentException("handles are not compared");
        };
    }

    /** JavaScript has one number type: an integral double prints as an integer. */
    private static JsonNode jsNumber(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            return F.numberNode((long) d);
        }
        return F.numberNode(d);
    }

    /** The outcome as conformance.mjs records it: {"result": v} or {"error": e}. */
    static JsonNode outcome(Object canonical, WitType type) {
        ObjectNode out = F.objectNode();
        if (type instanceof WitType.ResultType r && canonical instanceof ResultValue rv) {
            if (rv.ok()) {
                out.set("result", r.ok() == null ? F.nullNode() : toJs(rv.value(), r.ok()));
            } else {
                out.set("error", r.err() == null ? F.nullNode() : toJs(rv.value(), r.err()));
            }
            return out;
        }
        out.set("result", type == null ? F.nullNode() : toJs(canonical, type));
        return out;
    }

    static JsonNode toJs(Object v, WitType type) {
        if (v == null) {
            return F.nullNode();
        }
        return switch (type) {
            case WitType.Primitive p ->
                switch (p) {
                    case BOOL -> F.booleanNode((Boolean) v);
                    case S8, U8, S16, U16, S32, U32 -> F.numberNode(((Number) v).longValue());
                    case S64, U64 -> F.objectNode().put("$bigint", v.toString());
                    case F32, F64 -> jsNumber(((Number) v).doubleValue());
                    case CHAR, STRING -> F.textNode((String) v);
                };
            case WitType.ListType l -> {
                ArrayNode a = F.arrayNode();
                if (v instanceof byte[] b) {
                    for (byte x : b) {
                        a.add(x & 0xff);
                    }
                } else {
                    ((List<?>) v).forEach(e -> a.add(toJs(e, l.element())));
                }
                yield a;
            }
            case WitType.RecordType r -> {
                ObjectNode o = F.objectNode();
                for (WitType.Field f : r.fields()) {
                    o.set(camel(f.name()), toJs(((Map<?, ?>) v).get(f.name()), f.type()));
                }
                yield o;
            }
            case WitType.TupleType t -> {
                ArrayNode a = F.arrayNode();
                List<?> l = (List<?>) v;
                for (int i = 0; i < l.size(); i++) {
                    a.add(toJs(l.get(i), t.elements().get(i)));
                }
                yield a;
            }
            case WitType.VariantType vt -> {
                VariantValue vv = (VariantValue) v;
                ObjectNode o = F.objectNode().put("tag", vv.caseName());
                WitType payload = vt.cases().stream()
                        .filter(c -> c.name().equals(vv.caseName()))
                        .findFirst()
                        .orElseThrow()
                        .type();
                if (payload != null) {
                    o.set("val", toJs(vv.payload(), payload));
                }
                yield o;
            }
            case WitType.EnumType e -> F.textNode((String) v);
            case WitType.FlagsType f -> {
                ObjectNode o = F.objectNode();
                for (String flag : f.flags()) {
                    o.put(camel(flag), ((Set<?>) v).contains(flag));
                }
                yield o;
            }
            case WitType.OptionType o -> toJs(v, o.inner());
            case WitType.ResultType r -> throw new IllegalArgumentException("nested results are not used");
            case WitType.HandleType h -> F.numberNode(((ResourceHandle) v).handle());
        };
    }
}
