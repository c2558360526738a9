package ai.wippy.wasi.p2.filesystem;

import ai.wippy.component.host.WitResource;
import java.util.List;
import java.util.Map;

/**
 * The host object behind a {@code directory-entry-stream}: the entries of a folder taken when
 * {@code read-directory} was called (without {@code .} and {@code ..}), handed out one per
 * {@code read-directory-entry} until none are left.
 */
@WitResource("directory-entry-stream")
public final class DirectoryEntries {

    private final List<Map<String, Object>> entries;
    private int next;

    /** {@code entries} are {@code directory-entry} records ({@code type}, {@code name}). */
    DirectoryEntries(List<Map<String, Object>> entries) {
        this.entries = List.copyOf(entries);
    }

    static Map<String, Object> entry(String type, String name) {
        return Map.of("type", type, "name", name);
    }

    /** {@code [method]directory-entry-stream.read-directory-entry}: the next entry, none (null) at the end. */
    public synchronized Map<String, Object> readDirectoryEntry() {
        return next < entries.size() ? entries.get(next++) : null;
    }
}
