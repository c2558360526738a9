package ai.wippy.runtime;

import ai.wippy.registry.FieldSet;
import ai.wippy.registry.KindSpec;
import ai.wippy.registry.RegistryParser;
import ai.wippy.spi.EntryHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (draft 7) of {@code _index.yaml}, generated from the field tables the entry handlers
 * check entries against ({@link EntryHandler#specs()}), so an editor that validates with it names the
 * same fields the boot errors name. {@code java ai.wippy.runtime.RegistrySchema} prints the schema of
 * the built-in kinds; the repository ships it as {@code registry.schema.json}.
 */
public final class RegistrySchema {

    private RegistrySchema() {}

    /** The schema of the built-in kinds ({@link BuiltIns#handlers()}), as JSON text. */
    public static String builtIn() {
        return json(BuiltIns.handlers());
    }

    /** The schema of the kinds of {@code handlers}, as JSON text. */
    public static String json(Collection<EntryHandler> handlers) {
        try {
            return new ObjectMapper()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(sorted(schema(handlers)))
                    + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Map.of has no stable order: keys sorted at every level, the text is the same on every run. */
    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(RegistrySchema::sorted).toList();
        }
        return value;
    }

    /** The schema of the kinds of {@code handlers}, as maps and lists. */
    public static Map<String, Object> schema(Collection<EntryHandler> handlers) {
        List<KindSpec> kinds = handlers.stream()
                .flatMap(h -> h.specs().stream())
                .sorted(Comparator.comparing(KindSpec::kind))
                .toList();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.put("title", "Wippy registry file (_index.yaml)");
        root.put("type", "object");
        root.put("required", List.of("namespace"));
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("version", Map.of("type", List.of("string", "number"), "description", "the format version, \"1.0\""));
        top.put(
                "namespace",
                described(
                        Map.of("type", "string", "pattern", "^" + RegistryParser.NAMESPACE_PATTERN + "$"),
                        "the namespace of every entry of the file (letters, digits, '-', '_', dot-separated)"));
        top.put("entries", Map.of("type", "array", "items", Map.of("$ref", "#/definitions/entry")));
        root.put("properties", top);

        Map<String, Object> definitions = new LinkedHashMap<>();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", "object");
        entry.put("required", List.of("name", "kind"));
        entry.put("properties", common(kinds));
        List<Object> cases = new ArrayList<>();
        for (KindSpec k : kinds) {
            cases.add(Map.of(
                    "if", Map.of("properties", Map.of("kind", Map.of("const", k.kind())), "required", List.of("kind")),
                    "then", Map.of("$ref", "#/definitions/" + k.kind())));
        }
        entry.put("allOf", cases);
        definitions.put("entry", entry);
        for (KindSpec k : kinds) {
            Map<String, Object> props = common(kinds);
            props.putAll(properties(k.fields()));
            Map<String, Object> def = new LinkedHashMap<>();
            def.put("description", k.description());
            def.put("properties", props);
            List<String> required = required(k.fields());
            if (!required.isEmpty()) {
                def.put("required", required);
            }
            def.put("additionalProperties", !k.fields().isClosed());
            definitions.put(k.kind(), def);
        }
        root.put("definitions", definitions);
        return root;
    }

    /** {@code name}, {@code kind} and {@code meta}: the fields of every entry. */
    private static Map<String, Object> common(List<KindSpec> kinds) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(
                "name",
                described(
                        Map.of("type", "string", "pattern", "^" + RegistryParser.NAME_PATTERN + "$"),
                        "the entry's name; its ID is namespace:name"));
        Map<String, Object> kind = new LinkedHashMap<>();
        kind.put("type", "string");
        kind.put("description", "what the entry is; application handlers may add kinds");
        kind.put("examples", kinds.stream().map(KindSpec::kind).toList());
        props.put("kind", kind);
        props.put("meta", described(Map.of("type", "object"), "free-form metadata, visible to policies"));
        return props;
    }

    private static Map<String, Object> properties(FieldSet set) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (FieldSet.Field f : set.fields()) {
            props.put(f.name(), field(f));
        }
        return props;
    }

    private static List<String> required(FieldSet set) {
        return set.fields().stream()
                .filter(FieldSet.Field::required)
                .map(FieldSet.Field::name)
                .toList();
    }

    private static Map<String, Object> field(FieldSet.Field f) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (f.description() != null) {
            s.put("description", f.description());
        }
        if (f.type() == FieldSet.Type.LIST) {
            s.put("type", "array");
            Map<String, Object> items = new LinkedHashMap<>(type(f.items()));
            allowed(items, f);
            s.put("items", items);
            return s;
        }
        s.putAll(type(f.type()));
        allowed(s, f);
        if (f.type() == FieldSet.Type.MAPPING && f.nested() != null) {
            s.put("properties", properties(f.nested()));
            List<String> required = required(f.nested());
            if (!required.isEmpty()) {
                s.put("required", required);
            }
            s.put("additionalProperties", !f.nested().isClosed());
        }
        return s;
    }

    /** The values a field (or its items) may take: an enum, or an enum or a pattern. */
    private static void allowed(Map<String, Object> s, FieldSet.Field f) {
        if (f.values().isEmpty()) {
            if (f.pattern() != null) {
                s.put("pattern", "^" + f.pattern() + "$");
            }
        } else if (f.pattern() == null) {
            s.put("enum", f.values());
        } else {
            s.put("anyOf", List.of(Map.of("enum", f.values()), Map.of("pattern", "^" + f.pattern() + "$")));
        }
    }

    private static Map<String, Object> type(FieldSet.Type t) {
        return switch (t) {
            case STRING -> Map.of("type", "string");
            case INTEGER -> Map.of("type", "integer");
            case NUMBER -> Map.of("type", "number");
            case BOOLEAN -> Map.of("type", "boolean");
            case MAPPING -> Map.of("type", "object");
            case LIST -> Map.of("type", "array");
            case SCALAR -> Map.of("type", List.of("string", "number", "boolean"));
            case STRINGS ->
                Map.of(
                        "anyOf",
                        List.of(Map.of("type", "string"), Map.of("type", "array", "items", Map.of("type", "string"))));
            case DURATION -> Map.of("type", List.of("string", "integer"));
            case ANY -> Map.of();
        };
    }

    private static Map<String, Object> described(Map<String, Object> schema, String description) {
        Map<String, Object> s = new LinkedHashMap<>(schema);
        s.put("description", description);
        return s;
    }

    /** Prints the schema of the built-in kinds. */
    public static void main(String[] args) {
        System.out.print(builtIn());
    }
}
