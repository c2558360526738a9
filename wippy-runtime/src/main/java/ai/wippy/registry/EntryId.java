package ai.wippy.registry;

import java.util.Objects;

/** The ID of a registry entry, {@code namespace:name}. */
public final class EntryId implements Comparable<EntryId> {

    private final String namespace;
    private final String name;
    private final String text;

    public EntryId(String namespace, String name) {
        if (namespace == null || namespace.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("entry id needs a namespace and a name");
        }
        this.namespace = namespace;
        this.name = name;
        this.text = namespace + ":" + name; // built once: IDs are on every call's path
    }

    /** Parses {@code ns:name}; a bare {@code name} resolves in {@code defaultNamespace}. */
    public static EntryId resolve(String reference, String defaultNamespace) {
        String ref = reference.trim();
        int colon = ref.lastIndexOf(':');
        if (colon < 0) {
            return new EntryId(defaultNamespace, ref);
        }
        return new EntryId(ref.substring(0, colon), ref.substring(colon + 1));
    }

    /** Parses a fully qualified {@code ns:name}. */
    public static EntryId parse(String qualified) {
        int colon = qualified.lastIndexOf(':');
        if (colon <= 0 || colon == qualified.length() - 1) {
            throw new IllegalArgumentException("'" + qualified + "' is not an entry ID of the form namespace:name");
        }
        return new EntryId(qualified.substring(0, colon), qualified.substring(colon + 1));
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntryId other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(text);
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public int compareTo(EntryId o) {
        return text.compareTo(o.text);
    }
}
