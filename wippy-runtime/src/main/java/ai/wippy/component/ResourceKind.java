package ai.wippy.component;

import ai.wippy.abi.ResourceTables;

/**
 * The identity of a resource type within one component instance: a resource the component defines
 * (with its optional destructor) or one it imports. Handles of different kinds never mix.
 */
final class ResourceKind implements ResourceTables.Kind {

    private String name;
    private final CoreFunc destructor;
    private final boolean guestDefined;

    ResourceKind(String name, CoreFunc destructor, boolean guestDefined) {
        this.name = name;
        this.destructor = destructor;
        this.guestDefined = guestDefined;
    }

    @Override
    public synchronized String name() {
        return name == null ? "resource" : name;
    }

    CoreFunc destructor() {
        return destructor;
    }

    @Override
    public boolean guestDefined() {
        return guestDefined;
    }

    @Override
    public void destroy(int rep) {
        if (destructor != null) {
            destructor.call(rep);
        }
    }

    /**
     * A resource defined by the component has no name until it is exported or imported under one;
     * the first name given sticks (handle types resolved afterwards carry it).
     */
    synchronized void nameIfAnonymous(String exportName) {
        if (name == null) {
            name = exportName;
        }
    }

    @Override
    public String toString() {
        return "resource " + name;
    }
}
