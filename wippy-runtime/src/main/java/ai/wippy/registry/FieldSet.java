package ai.wippy.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The declared fields of an entry kind, or of a mapping inside one ({@code pool}, {@code limits},
 * ...): the table a handler checks entries against (unknown fields) and the JSON Schema of {@code
 * _index.yaml} is generated from, so the two cannot disagree. A closed set rejects fields it does not
 * declare; an open one only documents the fields it knows.
 */
public final class FieldSet {

    /** What a field holds, as YAML writes it. */
    public enum Type {
        STRING,
        INTEGER,
        NUMBER,
        BOOLEAN,
        /** A mapping; its fields are {@link Field#nested()} when declared. */
        MAPPING,
        /** A list; its items are {@link Field#items()}. */
        LIST,
        /** A string, a number or a boolean. */
        SCALAR,
        /** A string or a list of strings. */
        STRINGS,
        /** Milliseconds as a number, or a duration string such as {@code 5s}. */
        DURATION,
        ANY
    }

    /**
     * One field.
     *
     * @param values the values it may take ({@code GET}, {@code POST}...), empty when any
     * @param pattern a regular expression other values may match instead, or {@code null}
     * @param nested the fields of a mapping, {@code null} for free-form or other types
     * @param items the type of a list's items
     */
    public record Field(
            String name,
            Type type,
            String description,
            boolean required,
            List<String> values,
            String pattern,
            FieldSet nested,
            Type items) {

        public Field {
            values = List.copyOf(values);
        }

        public static Field of(String name, Type type, String description) {
            return new Field(name, type, description, false, List.of(), null, null, Type.ANY);
        }

        public static Field string(String name, String description) {
            return of(name, Type.STRING, description);
        }

        public static Field integer(String name, String description) {
            return of(name, Type.INTEGER, description);
        }

        public static Field bool(String name, String description) {
            return of(name, Type.BOOLEAN, description);
        }

        public static Field list(String name, Type items, String description) {
            return new Field(name, Type.LIST, description, false, List.of(), null, null, items);
        }

        public static Field mapping(String name, FieldSet nested, String description) {
            return new Field(name, Type.MAPPING, description, false, List.of(), null, nested, Type.ANY);
        }

        public Field asRequired() {
            return new Field(name, type, description, true, values, pattern, nested, items);
        }

        /** The values it may take; for a list, the values of its items. */
        public Field oneOf(String... allowed) {
            return new Field(name, type, description, required, Arrays.asList(allowed), pattern, nested, items);
        }

        public Field oneOf(Set<String> allowed) {
            return oneOf(new TreeSet<>(allowed).toArray(String[]::new));
        }

        /** Besides {@link #values()}, values matching {@code regex} (for a list, its items). */
        public Field orMatching(String regex) {
            return new Field(name, type, description, required, values, regex, nested, items);
        }
    }

    private final List<Field> fields;
    private final boolean closed;
    private final Set<String> names;

    private FieldSet(List<Field> fields, boolean closed) {
        this.fields = List.copyOf(fields);
        this.closed = closed;
        Set<String> n = new LinkedHashSet<>();
        for (Field f : fields) {
            if (!n.add(f.name())) {
                throw new IllegalArgumentException("field '" + f.name() + "' declared twice");
            }
        }
        this.names = Collections.unmodifiableSet(n);
    }

    /** Fields that are all there may be. */
    public static FieldSet closed(Field... fields) {
        return new FieldSet(Arrays.asList(fields), true);
    }

    /** Fields that are known, among others a handler may read. */
    public static FieldSet open(Field... fields) {
        return new FieldSet(Arrays.asList(fields), false);
    }

    /** This set with more fields. */
    public FieldSet plus(Field... more) {
        List<Field> all = new ArrayList<>(fields);
        all.addAll(Arrays.asList(more));
        return new FieldSet(all, closed);
    }

    /** This set without some fields. */
    public FieldSet minus(String... names) {
        List<String> gone = Arrays.asList(names);
        return new FieldSet(
                fields.stream().filter(f -> !gone.contains(f.name())).toList(), closed);
    }

    public List<Field> fields() {
        return fields;
    }

    public boolean isClosed() {
        return closed;
    }

    /** The names of the fields, in declaration order. */
    public Set<String> names() {
        return names;
    }

    public Field field(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /**
     * Rejects a field of the entry this (closed) set does not declare, naming it: {@code unknown field
     * for kind K; known: [...]}.
     */
    public void checkEntry(RegistryEntry entry) {
        if (!closed) {
            return;
        }
        for (String field : entry.fields().keySet()) {
            if (!names.contains(field)) {
                throw entry.error(field, "unknown field for kind " + entry.kind() + "; known: " + new TreeSet<>(names));
            }
        }
    }

    /**
     * Rejects a key of the mapping at {@code path} (such as {@code pool}) this (closed) set does not
     * declare, naming it as {@code path.key}; {@code what} says what it is not ({@code pool field}).
     */
    public void checkMapping(RegistryEntry entry, String path, Map<String, Object> mapping, String what) {
        if (!closed) {
            return;
        }
        for (String key : mapping.keySet()) {
            if (!names.contains(key)) {
                throw entry.error(path + "." + key, "unknown " + what + "; known: " + new TreeSet<>(names));
            }
        }
    }
}
