package ai.wippy.component;

import ai.wippy.abi.ResourceTables;
import ai.wippy.component.host.BoundInterface;
import ai.wippy.engine.GuestMemoryBudget;
import ai.wippy.wit.FunctionSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One live instance of a component: its core instances, handle table and host bindings. Not thread
 * safe: a pool lends it to one call at a time.
 */
public final class ComponentInstance implements AutoCloseable {

    private final Map<String, Object> exports;
    private final List<BoundInterface> bindings;
    private final ResourceTables resources;
    private final GuestMemoryBudget.Lease memory;

    ComponentInstance(
            Map<String, Object> exports,
            List<BoundInterface> bindings,
            ResourceTables resources,
            GuestMemoryBudget.Lease memory) {
        this.exports = exports;
        this.bindings = bindings;
        this.resources = resources;
        this.memory = memory;
    }

    /**
     * The exported function {@code method} names: {@code name} for a top-level function,
     * {@code iface#func} for a function of an exported interface, where {@code iface} is the export
     * name ({@code test:pkg/test-sleep@0.1.0}) or its short form ({@code test-sleep}).
     */
    public Optional<ComponentFunction> function(String method) {
        int hash = method.indexOf('#');
        Object found;
        if (hash < 0) {
            found = exports.get(method);
        } else {
            Object iface = findInterface(method.substring(0, hash));
            found = iface instanceof Map<?, ?> m ? m.get(method.substring(hash + 1)) : null;
        }
        if (found instanceof ComponentFunc f) {
            FunctionSignature named = TypeResolver.signatureOf(f, method);
            return Optional.of(
                    new ComponentFunction(named == f.signature() ? f : new Instantiation.RenamedFunc(f, named)));
        }
        return Optional.empty();
    }

    private Object findInterface(String name) {
        Object exact = exports.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, Object> e : exports.entrySet()) {
            if (shortName(e.getKey()).equals(name) || unversioned(e.getKey()).equals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    static String unversioned(String name) {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    static String shortName(String name) {
        String n = unversioned(name);
        int slash = n.lastIndexOf('/');
        return slash < 0 ? n : n.substring(slash + 1);
    }

    /** Every callable export, as {@code method} would name it, for error messages. */
    public List<String> functionNames() {
        List<String> out = new ArrayList<>();
        exports.forEach((name, v) -> {
            if (v instanceof ComponentFunc) {
                out.add(name);
            } else if (v instanceof Map<?, ?> m) {
                m.forEach((fn, fv) -> {
                    if (fv instanceof ComponentFunc) {
                        out.add(shortName(name) + "#" + fn);
                    }
                });
            }
        });
        return out;
    }

    /**
     * Drops an owned handle the host received from this instance: the handle leaves the table and
     * the resource's destructor (if the guest defined one) runs.
     */
    public void dropResource(ai.wippy.value.ResourceHandle handle) {
        resources.drop((ResourceTables.Kind) null, handle.handle());
    }

    /** The instance's handle table, to pass host resources to its exports (an HTTP request...). */
    public ai.wippy.component.host.HostResources resources() {
        return resources;
    }

    /** How many resource handles the instance currently holds. */
    public int liveHandles() {
        return resources.live();
    }

    @Override
    public void close() {
        resources.closeHostObjects();
        for (BoundInterface b : bindings) {
            try {
                b.close();
            } catch (RuntimeException ignored) {
                // a host failing to release its state must not stop the others
            }
        }
        memory.close();
    }
}
