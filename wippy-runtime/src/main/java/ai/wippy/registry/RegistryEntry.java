package ai.wippy.registry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of a registry file: its ID, kind, meta and the kind-specific fields as parsed from YAML.
 * Field readers fail with a {@link RegistryException} that names the file, the entry and the field.
 */
public final class RegistryEntry {

    private final EntryId id;
    private final String kind;
    private final Map<String, Object> meta;
    private final Map<String, Object> fields;
    private final RegistryDocument document;
    /** SHA-256 of each file this entry's handler read, by reference, so a live change can tell an edit. */
    private final Map<String, String> reads = new java.util.concurrent.ConcurrentHashMap<>();

    public RegistryEntry(
            EntryId id, String kind, Map<String, Object> meta, Map<String, Object> fields, RegistryDocument document) {
        this.id = id;
        this.kind = kind;
        this.meta = meta == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(meta));
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.document = document;
    }

    public EntryId id() {
        return id;
    }

    public String kind() {
        return kind;
    }

    public Map<String, Object> meta() {
        return meta;
    }

    public Map<String, Object> fields() {
        return fields;
    }

    public RegistryDocument document() {
        return document;
    }

    public String file() {
        return document == null ? null : document.location();
    }

    public ResourceBase base() {
        return document == null ? null : document.base();
    }

    /** Records that the handler read {@code bytes} from {@code reference} ({@link SourceFiles#read}). */
    void recordRead(String reference, byte[] bytes) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
            reads.put(reference, java.util.HexFormat.of().formatHex(digest));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The SHA-256 of every file the handler read for this entry, by its {@code file://} reference. */
    public Map<String, String> reads() {
        return Collections.unmodifiableMap(reads);
    }

    /** An error about {@code field} of this entry. */
    public RegistryException error(String field, String problem) {
        return new RegistryException(file(), id.toString(), field, problem);
    }

    public RegistryException error(String field, String problem, Throwable cause) {
        return new RegistryException(file(), id.toString(), field, problem, cause);
    }

    public boolean has(String field) {
        return fields.get(field) != null;
    }

    public Object raw(String field) {
        return fields.get(field);
    }

    public String string(String field) {
        Object v = fields.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw error(field, "expected a string, got " + describe(v));
    }

    public String requiredString(String field) {
        String v = string(field);
        if (v == null || v.isBlank()) {
            throw error(field, "required field is missing");
        }
        return v;
    }

    public boolean bool(String field, boolean dflt) {
        Object v = fields.get(field);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw error(field, "expected true or false, got " + describe(v));
    }

    /** A nested map field, or an empty map when absent. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String field) {
        Object v = fields.get(field);
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw error(field, "expected a mapping, got " + describe(v));
    }

    /** A list field, or an empty list when absent. */
    @SuppressWarnings("unchecked")
    public List<Object> list(String field) {
        Object v = fields.get(field);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw error(field, "expected a list, got " + describe(v));
    }

    /** Resolves a reference written in this entry ({@code ns:name} or bare {@code name}). */
    public EntryId reference(String reference) {
        return EntryId.resolve(reference, id.namespace());
    }

    /** A value as errors name it: {@code 'text'}, {@code a mapping}, {@code integer 3}... */
    public static String describe(Object v) {
        return switch (v) {
            case null -> "nothing";
            case Map<?, ?> m -> "a mapping";
            case List<?> l -> "a list";
            case String s -> "'" + s + "'";
            default -> v.getClass().getSimpleName().toLowerCase() + " " + v;
        };
    }

    @Override
    public String toString() {
        return id + " (" + kind + ")";
    }
}
