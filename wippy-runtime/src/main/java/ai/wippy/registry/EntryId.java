package ai.wippy.registry;

/** The ID of a registry entry, {@code namespace:name}. */
public record EntryId(String namespace, String name) implements Comparable<EntryId> {

    public EntryId {
        if (namespace == null || namespace.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("entry id needs a namespace and a name");
        }
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

    @Override
    public String toString() {
        return namespace + ":" + name;
    }

    @Override
    public int compareTo(EntryId o) {
        return toString().compareTo(o.toString());
    }
}
