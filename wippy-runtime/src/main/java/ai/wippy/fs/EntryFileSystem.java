package ai.wippy.fs;

import ai.wippy.registry.EntryId;

/** What every file-system entry has: the entry it is and whether it refuses writes. */
abstract class EntryFileSystem implements VirtualFileSystem {

    final EntryId id;
    private final boolean readOnly;

    EntryFileSystem(EntryId id, boolean readOnly) {
        this.id = id;
        this.readOnly = readOnly;
    }

    @Override
    public final EntryId id() {
        return id;
    }

    @Override
    public final boolean readOnly() {
        return readOnly;
    }
}
