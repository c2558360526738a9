package ai.wippy.component;

import ai.wippy.component.host.HostResources;
import ai.wippy.value.ResourceHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The handle table of one component instance. Handles are small positive integers (0 is never
 * valid) naming either a resource the guest defined (its i32 representation, and the {@link
 * ResourceKind} with its destructor) or a host object. Backs {@code resource.new}, {@code
 * resource.rep} and {@code resource.drop}, the {@code own}/{@code borrow} values that cross the
 * boundary, and {@link HostResources} for host interfaces.
 */
final class InstanceResources implements HostResources {

    /** One live handle. {@code kind} is null for host resources, {@code hostObject} null for guest ones. */
    record Entry(String resource, ResourceKind kind, int rep, Object hostObject, boolean own) {}

    private final List<Entry> entries = new ArrayList<>();
    private final List<Integer> free = new ArrayList<>();

    InstanceResources() {
        entries.add(null); // handle 0 is invalid
    }

    synchronized int add(ResourceKind kind, int rep, boolean own) {
        return insert(new Entry(kind.name(), kind, rep, null, own));
    }

    private int insert(Entry e) {
        if (!free.isEmpty()) {
            int h = free.remove(free.size() - 1);
            entries.set(h, e);
            return h;
        }
        entries.add(e);
        return entries.size() - 1;
    }

    /** The entry of {@code handle}; {@code resource} (a WIT resource name) is checked unless null. */
    synchronized Entry get(String resource, int handle) {
        Entry e = handle > 0 && handle < entries.size() ? entries.get(handle) : null;
        if (e == null) {
            throw new ComponentTrap("unknown handle " + handle + (resource == null ? "" : " for resource " + resource));
        }
        if (resource != null && !e.resource().equals(resource)) {
            throw new ComponentTrap("handle " + handle + " is a " + e.resource() + ", expected a " + resource);
        }
        return e;
    }

    Entry get(ResourceKind kind, int handle) {
        Entry e = get(kind == null ? null : kind.name(), handle);
        if (kind != null && e.kind() != null && e.kind() != kind) {
            throw new ComponentTrap("handle " + handle + " belongs to another resource type named " + e.resource());
        }
        return e;
    }

    synchronized Entry remove(ResourceKind kind, int handle) {
        Entry e = get(kind, handle);
        entries.set(handle, null);
        free.add(handle);
        return e;
    }

    /** Removes a handle and runs what dropping it means: the guest destructor, or closing the host object. */
    void drop(ResourceKind kind, int handle) {
        Entry e = remove(kind, handle);
        if (!e.own()) {
            return;
        }
        if (e.kind() != null && e.kind().destructor() != null) {
            e.kind().destructor().call(e.rep());
        } else if (e.hostObject() instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ex) {
                // the host object failed, not the guest: not a trap
                throw new IllegalStateException("closing " + e.resource() + " failed: " + ex.getMessage(), ex);
            }
        }
    }

    synchronized int live() {
        return entries.size() - 1 - free.size();
    }

    /** Closes the host objects still held, when the instance is discarded. */
    synchronized void closeHostObjects() {
        for (Entry e : entries) {
            if (e != null && e.own() && e.hostObject() instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the instance is going away; one failing close must not keep the others open
                }
            }
        }
    }

    @Override
    public synchronized ResourceHandle own(String resource, Object hostObject) {
        return new ResourceHandle(resource, insert(new Entry(resource, null, 0, hostObject, true)), true);
    }

    @Override
    public <T> T get(ResourceHandle handle, Class<T> type) {
        return cast(get(handle.resource(), handle.handle()), type);
    }

    @Override
    public <T> T take(ResourceHandle handle, Class<T> type) {
        Entry e = get(handle.resource(), handle.handle());
        T value = cast(e, type);
        remove((ResourceKind) null, handle.handle());
        return value;
    }

    private static <T> T cast(Entry e, Class<T> type) {
        if (!type.isInstance(e.hostObject())) {
            throw new ComponentTrap("handle of " + e.resource() + " does not hold a " + type.getSimpleName());
        }
        return type.cast(e.hostObject());
    }
}
