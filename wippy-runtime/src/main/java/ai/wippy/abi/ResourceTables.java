package ai.wippy.abi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The handle table of one guest instance, as the canonical ABI defines it: a dense array whose
 * index 0 is reserved, with a free list; each element holds a resource type name, its
 * representation, whether it owns the resource, and borrow bookkeeping. Every lookup with a guest
 * supplied index is checked (bounds, hole, type, ownership) and traps when wrong.
 *
 * <p>Call scopes enforce the borrow rules: borrows lowered into the guest during a call must be
 * dropped before the call returns; owned handles lent out as borrows to the host cannot be dropped
 * or moved until the host call that borrowed them ends. Not thread-safe: one instance runs one call
 * at a time.
 *
 * <p>Host values of handle types: lifting an {@code own}/{@code borrow} whose representation is an
 * {@code Integer} (a resource the guest implements) gives a {@link ai.wippy.value.ResourceHandle}
 * carrying that representation; any other representation (a resource the host implements, e.g. a
 * Java stream object) is returned as is. Lowering accepts either form: a ResourceHandle contributes
 * its {@code handle()} as representation, any other object is the representation itself.
 */
public final class ResourceTables {

    /** The spec's limit keeps the top 4 bits of an index free for guests. */
    public static final int MAX_LENGTH = (1 << 28) - 1;

    /** One element of the table. */
    public static final class Handle {
        final String type;
        final Object rep;
        final boolean own;
        final Scope borrowScope;
        int lends;

        Handle(String type, Object rep, boolean own, Scope borrowScope) {
            this.type = type;
            this.rep = rep;
            this.own = own;
            this.borrowScope = borrowScope;
        }

        public String type() {
            return type;
        }

        public Object rep() {
            return rep;
        }

        public boolean own() {
            return own;
        }

        public int lends() {
            return lends;
        }
    }

    /** One call into or out of the guest, for borrow tracking. */
    static final class Scope {
        int borrows;
        final List<Handle> lenders = new ArrayList<>();
    }

    private final List<Handle> array = new ArrayList<>();
    private final Deque<Integer> free = new ArrayDeque<>();
    private final Deque<Scope> scopes = new ArrayDeque<>();
    private final Set<String> localTypes = new HashSet<>();
    private final Map<String, Consumer<Object>> destructors = new HashMap<>();

    public ResourceTables() {
        array.add(null);
    }

    /**
     * Declares a resource type implemented by this guest (its representations are guest i32 values);
     * borrows of it are passed to the guest as the bare representation, as the spec prescribes.
     */
    public ResourceTables defineLocal(String type, Consumer<Object> destructor) {
        localTypes.add(type);
        if (destructor != null) {
            destructors.put(type, destructor);
        }
        return this;
    }

    /** Declares a destructor for a resource type implemented by the host. */
    public ResourceTables onDrop(String type, Consumer<Object> destructor) {
        destructors.put(type, destructor);
        return this;
    }

    public boolean isLocal(String type) {
        return localTypes.contains(type);
    }

    /** Adds an element; returns its index (never 0). */
    public int add(String resourceType, Object rep, boolean own) {
        return add(new Handle(resourceType, rep, own, own ? null : currentScopeOrNull()));
    }

    int add(Handle h) {
        if (!free.isEmpty()) {
            int i = free.pop();
            array.set(i, h);
            return i;
        }
        int i = array.size();
        if (i > MAX_LENGTH) {
            throw Traps.trap("the handle table is full (" + MAX_LENGTH + " handles)");
        }
        array.add(h);
        return i;
    }

    /** The element at {@code index}, checking bounds and holes. */
    public Handle handle(int index) {
        if (index <= 0 || index >= array.size() || array.get(index) == null) {
            throw Traps.trap("handle " + Integer.toUnsignedString(index) + " is not in the handle table");
        }
        return array.get(index);
    }

    /** The representation of a handle of {@code resourceType} ({@code resource.rep}). */
    public Object get(String resourceType, int index) {
        return typed(resourceType, index).rep;
    }

    private Handle typed(String resourceType, int index) {
        Handle h = handle(index);
        if (!h.type.equals(resourceType)) {
            throw Traps.trap("handle " + index + " is a " + h.type + ", not a " + resourceType);
        }
        return h;
    }

    /**
     * Removes an owned handle to move it out (lifting {@code own}): traps on a borrow or on a handle
     * that is lent out.
     */
    public Object remove(String resourceType, int index) {
        Handle h = typed(resourceType, index);
        if (!h.own) {
            throw Traps.trap("handle " + index + " is a borrow of " + resourceType + "; an own handle is required");
        }
        if (h.lends != 0) {
            throw Traps.trap("handle " + index + " of " + resourceType + " is lent out and cannot be moved");
        }
        release(index);
        return h.rep;
    }

    /**
     * {@code resource.drop}: removes the handle; an owned one runs the type's destructor, a borrowed
     * one is released from its call scope.
     */
    public void drop(String resourceType, int index) {
        Handle h = typed(resourceType, index);
        if (h.lends != 0) {
            throw Traps.trap("handle " + index + " of " + resourceType + " is lent out and cannot be dropped");
        }
        release(index);
        if (h.own) {
            Consumer<Object> dtor = destructors.get(resourceType);
            if (dtor != null) {
                dtor.accept(h.rep);
            }
        } else if (h.borrowScope != null) {
            h.borrowScope.borrows--;
        }
    }

    private void release(int index) {
        array.set(index, null);
        free.push(index);
    }

    /** Number of live handles. */
    public int size() {
        int n = 0;
        for (Handle h : array) {
            if (h != null) {
                n++;
            }
        }
        return n;
    }

    // --- borrow scopes -------------------------------------------------------------------------

    /** Starts a call: borrows lowered into the guest and handles lent by it are tracked until {@link #exitCall}. */
    public void enterCall() {
        scopes.push(new Scope());
    }

    /**
     * Ends the current call: handles the guest lent become movable again, and borrows lowered into
     * the guest that it did not drop make the call trap.
     */
    public void exitCall() {
        Scope s = scopes.poll();
        if (s == null) {
            return;
        }
        for (Handle h : s.lenders) {
            h.lends--;
        }
        if (s.borrows > 0) {
            throw Traps.trap(s.borrows + " borrowed handle(s) were not dropped before the call returned");
        }
    }

    /** Ends the current call without the borrow check (the call failed; its lends are released). */
    public void exitCallQuietly() {
        Scope s = scopes.poll();
        if (s != null) {
            for (Handle h : s.lenders) {
                h.lends--;
            }
        }
    }

    /** Forgets every open call scope (after a trap, when the instance is discarded anyway). */
    public void abandonCalls() {
        scopes.clear();
    }

    /** Lowering a borrow into the guest: a borrow handle counted in the current scope. */
    int lowerBorrow(String type, Object rep) {
        Scope s = currentScopeOrNull();
        if (s != null) {
            s.borrows++;
        }
        return add(new Handle(type, rep, false, s));
    }

    /** Lifting a borrow out of the guest: the source handle stays, lent until the scope ends. */
    Object liftBorrow(String type, int index) {
        Handle h = typed(type, index);
        Scope s = currentScopeOrNull();
        if (s != null) {
            h.lends++;
            s.lenders.add(h);
        }
        return h.rep;
    }

    private Scope currentScopeOrNull() {
        return scopes.peek();
    }
}
