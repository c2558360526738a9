package ai.wippy.component;

import java.util.ArrayList;
import java.util.List;

/**
 * The handle table of one component instance (one per instance, shared by its resource types; a
 * handle records which {@link ResourceKind} it belongs to). Handles are small positive integers;
 * 0 is never a valid handle. Backs {@code resource.new}, {@code resource.rep} and
 * {@code resource.drop}, and the {@code own}/{@code borrow} values that cross the boundary.
 */
final class InstanceResources {

    /** One live handle: the representation the guest chose and whether it is owned. */
    record Entry(ResourceKind kind, int rep, boolean own) {}

    private final List<Entry> entries = new ArrayList<>();
    private final List<Integer> free = new ArrayList<>();

    InstanceResources() {
        entries.add(null); // handle 0 is invalid
    }

    synchronized int add(ResourceKind kind, int rep, boolean own) {
        Entry e = new Entry(kind, rep, own);
        if (!free.isEmpty()) {
            int h = free.remove(free.size() - 1);
            entries.set(h, e);
            return h;
        }
        entries.add(e);
        return entries.size() - 1;
    }

    synchronized Entry get(ResourceKind kind, int handle) {
        Entry e = handle > 0 && handle < entries.size() ? entries.get(handle) : null;
        if (e == null) {
            throw new ComponentTrap("unknown handle " + handle + " for " + kind);
        }
        if (kind != null && e.kind() != kind && !e.kind().name().equals(kind.name())) {
            throw new ComponentTrap("handle " + handle + " is a " + e.kind() + ", expected a " + kind);
        }
        return e;
    }

    synchronized Entry remove(ResourceKind kind, int handle) {
        Entry e = get(kind, handle);
        entries.set(handle, null);
        free.add(handle);
        return e;
    }

    synchronized int live() {
        return entries.size() - 1 - free.size();
    }
}
