package ai.wippy.runtime;

import ai.wippy.registry.RegistryEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether an entry of a registry being applied is the same as the one it replaces, so that
 * {@link WasmRegistry#apply} keeps its pool and instances.
 */
final class EntryChanges {

    private EntryChanges() {}

    /**
     * Same kind, fields and meta, and the same content of every file the entry reads. An entry that
     * takes in other entries ({@code imports}) or a file system ({@code fs}) counts as changed, since
     * what it took in may have.
     */
    static boolean unchanged(RegistryEntry a, RegistryEntry b) {
        if (!a.kind().equals(b.kind())
                || !a.fields().equals(b.fields())
                || !a.meta().equals(b.meta())) {
            return false;
        }
        if (b.fields().containsKey("imports") || b.fields().containsKey("fs")) {
            return false;
        }
        List<String> files = new ArrayList<>();
        if (!fileReferences(b.fields(), files)) {
            return false;
        }
        for (String f : files) {
            String before = a.reads().get(f);
            if (before == null || !before.equals(b.reads().get(f))) {
                return false;
            }
        }
        return true;
    }

    /** Collects the {@code file://} references of {@code value}; false when it names a file system. */
    private static boolean fileReferences(Object value, List<String> out) {
        if (value instanceof String s) {
            if (s.startsWith("file://")) {
                out.add(s);
            }
            return true;
        }
        if (value instanceof Map<?, ?> m) {
            if (m.containsKey("fs")) {
                return false;
            }
            return m.values().stream().allMatch(v -> fileReferences(v, out));
        }
        if (value instanceof List<?> l) {
            return l.stream().allMatch(v -> fileReferences(v, out));
        }
        return true;
    }
}
