package ai.wippy.abi;

import ai.wippy.component.host.HostResources;
import ai.wippy.value.ResourceHandle;

/**
 * The handle table of one guest instance: a dense array whose index 0 is reserved, with a free
 * list. Each element names a resource type and holds either a guest representation (a resource the
 * guest defined, with its {@link Kind} and destructor) or a host object (a resource a host
 * implements: a WASI stream, a {@code @WitInterface} resource object). Backs {@code resource.new},
 * {@code resource.rep} and {@code resource.drop}, the {@code own}/{@code borrow} values that cross
 * the boundary, and {@link HostResources} for host interfaces. Every index a guest supplies is
 * checked (bounds, hole, type, ownership) and traps with an {@link AbiTrap} when wrong.
 *
 * <p>One table per instance, shared by the guest and its host: a handle value the host holds
 * ({@link ResourceHandle#handle()}) is an index in this table, so a handle the guest returns stays
 * in the table and the host passes the same index back.
 *
 * <p>Not synchronized: a table belongs to the thread running its instance, as a Wasmtime store
 * does. A pool lends an instance to one call at a time, and that hand-off orders the accesses of
 * successive calls; host code reaches the table only from inside a call. (Locking each access
 * cost about 80 ns of a 140 ns host call that passes a handle.) {@link #closeHostObjects} reads
 * what it can see, so closing an instance discarded from another thread does not fail.
 *
 * <p>Call scopes enforce the borrow rules: a handle the guest lends to a host import (a
 * {@code borrow} argument) can be neither moved nor dropped until that call returns; a borrow of a
 * host object lowered into the guest gets a fresh borrow handle, which the guest must drop before
 * the call returns.
 */
public final class ResourceTables implements HostResources {

    /** The spec's limit keeps the top 4 bits of an index free for guests. */
    public static final int MAX_LENGTH = (1 << 28) - 1;

    /**
     * How many handles one instance may hold at once: about 40 MB of table at most, where the spec's
     * index limit alone would let a guest that creates resources in a loop fill the JVM's heap.
     */
    public static final int MAX_LIVE = 1 << 20;

    /** A resource type a guest defines: its representations are guest i32 values. */
    public interface Kind {
        /** The WIT name of the type. */
        String name();

        /** Whether the guest holding the table implements the type (a borrow then passes the representation). */
        boolean guestDefined();

        /** Runs the guest's destructor, if the type has one, on a representation whose owned handle was dropped. */
        void destroy(int rep);
    }

    /**
     * One element of the table: the resource type's WIT name; the guest-defined type, or null for a
     * host object; the guest representation ({@code resource.rep}), 0 for a host object; the host
     * object, or null for a guest-defined resource; whether the handle is owned; and, for a borrow
     * lowered into the guest, the call that must see it dropped. Whether calls borrow it right now is
     * the call scopes' to say ({@link #lends}).
     */
    public record Handle(String type, Kind kind, int rep, Object hostObject, boolean own, Scope borrowScope) {}

    /**
     * One call into or out of the guest, for borrow tracking: the handles it lends (most host calls
     * lend none or one), the borrows it must see dropped. A scope whose borrows were all dropped is
     * used again by the next call at its depth (no allocation per call); one that still counts
     * borrows stays with the handles that name it.
     */
    static final class Scope {
        int borrows;
        private Handle[] lenders = NO_HANDLES;
        private int lent;

        void lend(Handle h) {
            if (lent == lenders.length) {
                lenders = java.util.Arrays.copyOf(lenders, Math.max(2, lent * 2));
            }
            lenders[lent++] = h;
        }

        /** How many times this call lends {@code h}. */
        int lends(Handle h) {
            int n = 0;
            for (int i = 0; i < lent; i++) {
                n += lenders[i] == h ? 1 : 0;
            }
            return n;
        }

        /** Forgets the lends (the call ended), keeping the array for the next call. */
        void clear() {
            for (int i = 0; i < lent; i++) {
                lenders[i] = null;
            }
            lent = 0;
        }
    }

    private static final Handle[] NO_HANDLES = new Handle[0];

    /** The elements; index 0 is reserved, {@code size} the next index never used. */
    private Handle[] array = new Handle[16];

    private int size = 1;
    /** Indices freed by removal, reused last in, first out. */
    private int[] free = new int[16];

    private int freeCount;
    /** The open call scopes, innermost at {@code depth - 1}; slots past it keep scopes for reuse. */
    private Scope[] scopes = new Scope[8];

    private int depth;
    /** The lends of all open scopes together: while none, no handle is lent and no scope need be searched. */
    private int lends;

    public ResourceTables() {}

    // --- adding -------------------------------------------------------------------------------

    /** {@code resource.new}: a handle for a representation of a type the guest defines. */
    public int add(Kind kind, int rep, boolean own) {
        return insert(new Handle(kind.name(), kind, rep, null, own, null));
    }

    /** A handle for a host object of resource type {@code type} (its WIT name). */
    public int addHost(String type, Object hostObject, boolean own) {
        return insert(new Handle(type, null, 0, hostObject, own, null));
    }

    private int insert(Handle h) {
        if (freeCount > 0) {
            int i = free[--freeCount];
            array[i] = h;
            return i;
        }
        int i = size; // no free slot: every index below is live
        if (i > MAX_LIVE) {
            throw Traps.trap("the handle table is full (" + MAX_LIVE
                    + " live handles): the guest creates resources without dropping them");
        }
        if (i == array.length) {
            array = java.util.Arrays.copyOf(array, Math.min(i * 2, MAX_LIVE + 1));
        }
        array[i] = h;
        size = i + 1;
        return i;
    }

    // --- looking up ---------------------------------------------------------------------------

    /** The element at {@code index}, checking bounds and holes. */
    public Handle handle(int index) {
        Handle h = index > 0 && index < size ? array[index] : null;
        if (h == null) {
            throw Traps.trap("handle " + Integer.toUnsignedString(index) + " is not in the handle table");
        }
        return h;
    }

    /** The element at {@code index}, of resource type {@code type} (its WIT name) unless null. */
    public Handle get(String type, int index) {
        Handle h = handle(index);
        if (type != null && !h.type.equals(type)) {
            throw Traps.trap("handle " + index + " is a " + h.type + ", not a " + type);
        }
        return h;
    }

    /** The element at {@code index}, of the guest-defined type {@code kind} unless null. */
    public Handle get(Kind kind, int index) {
        Handle h = get(kind == null ? null : kind.name(), index);
        if (kind != null && h.kind != null && h.kind != kind) {
            throw Traps.trap("handle " + index + " belongs to another resource type named " + h.type);
        }
        return h;
    }

    /** Removes a handle (it must not be lent out); nothing is destroyed. */
    public Handle remove(Kind kind, int index) {
        Handle h = get(kind, index);
        if (lent(h)) {
            throw Traps.trap("handle " + index + " of " + h.type + " is lent out and cannot be moved or dropped");
        }
        array[index] = null;
        if (freeCount == free.length) {
            free = java.util.Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = index;
        return h;
    }

    /**
     * {@code resource.drop}: removes the handle; an owned one runs the guest destructor or closes
     * the host object, a borrowed one is released from its call scope.
     */
    public void drop(Kind kind, int index) {
        Handle h = remove(kind, index);
        if (!h.own) {
            if (h.borrowScope != null) {
                h.borrowScope.borrows--;
            }
            return;
        }
        if (h.kind != null) {
            h.kind.destroy(h.rep);
        } else if (h.hostObject instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ex) {
                // the host object failed, not the guest: not a trap
                throw new IllegalStateException("closing " + h.type + " failed: " + ex.getMessage(), ex);
            }
        }
    }

    /** How many handles are live. */
    public int live() {
        return size - 1 - freeCount;
    }

    /** Closes the host objects still owned, when the instance is discarded. */
    public void closeHostObjects() {
        Handle[] elements = array;
        int n = Math.min(size, elements.length);
        for (int i = 1; i < n; i++) {
            Handle h = elements[i];
            if (h != null && h.own && h.hostObject instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the instance is going away; one failing close must not keep the others open
                }
            }
        }
    }

    // --- the host's view ------------------------------------------------------------------------

    @Override
    public ResourceHandle own(String resource, Object hostObject) {
        return new ResourceHandle(resource, addHost(resource, hostObject, true), true);
    }

    @Override
    public <T> T get(ResourceHandle handle, Class<T> type) {
        return cast(get(handle.resource(), handle.handle()), type);
    }

    @Override
    public <T> T take(ResourceHandle handle, Class<T> type) {
        T value = cast(get(handle.resource(), handle.handle()), type);
        remove((Kind) null, handle.handle());
        return value;
    }

    private static <T> T cast(Handle h, Class<T> type) {
        if (!type.isInstance(h.hostObject)) {
            throw Traps.trap("handle of " + h.type + " does not hold a " + type.getSimpleName());
        }
        return type.cast(h.hostObject);
    }

    // --- crossing the boundary ------------------------------------------------------------------

    /**
     * Lifting a handle the guest passed: the index must be live and, for {@code own}, owned. A
     * borrow is lent for the current call (it cannot be moved or dropped until the call ends).
     */
    Handle lift(String type, int index, boolean own) {
        Handle h = handle(index);
        if (own && !h.own) {
            throw Traps.trap("handle " + index + " is a borrow of " + h.type + "; an own handle is required");
        }
        if (own && lent(h)) {
            throw Traps.trap("handle " + index + " of " + h.type + " is lent out and cannot be moved");
        }
        if (!own && depth > 0) {
            scopes[depth - 1].lend(h);
            lends++;
        }
        return h;
    }

    /** How many calls borrow the handle at {@code index} right now (while any does, it cannot be moved or dropped). */
    public int lends(int index) {
        Handle h = handle(index);
        int n = 0;
        for (int i = 0; i < depth; i++) {
            n += scopes[i].lends(h);
        }
        return n;
    }

    private boolean lent(Handle h) {
        if (lends == 0) {
            return false;
        }
        for (int i = 0; i < depth; i++) {
            if (scopes[i].lends(h) > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lowering a borrow of a host object that has no handle yet: a fresh borrow handle, counted in
     * the current call, which the guest must drop before the call returns.
     */
    int lowerBorrow(String type, Object hostObject) {
        Scope s = depth > 0 ? scopes[depth - 1] : null;
        if (s != null) {
            s.borrows++;
        }
        return insert(new Handle(type, null, 0, hostObject, false, s));
    }

    // --- call scopes ----------------------------------------------------------------------------

    /** Starts a call: borrows lowered into the guest and handles it lends are tracked until {@link #exitCall}. */
    public void enterCall() {
        if (depth == scopes.length) {
            scopes = java.util.Arrays.copyOf(scopes, depth * 2);
        }
        if (scopes[depth] == null) {
            scopes[depth] = new Scope();
        }
        depth++;
    }

    /**
     * Ends the current call: handles the guest lent become movable again, and borrows lowered into
     * the guest that it did not drop make the call trap.
     */
    public void exitCall() {
        Scope s = pop();
        if (s != null && s.borrows > 0) {
            throw Traps.trap(s.borrows + " borrowed handle(s) were not dropped before the call returned");
        }
    }

    /** Ends the current call without the borrow check (the call failed; its lends are released). */
    public void exitCallQuietly() {
        pop();
    }

    /**
     * Closes the innermost scope: its lends end; it stays in its slot for the next call unless
     * borrow handles still name it (those keep it, and the slot gets a fresh one).
     */
    private Scope pop() {
        if (depth == 0) {
            return null;
        }
        Scope s = scopes[--depth];
        lends -= s.lent;
        s.clear();
        if (s.borrows != 0) {
            scopes[depth] = null;
        }
        return s;
    }
}
