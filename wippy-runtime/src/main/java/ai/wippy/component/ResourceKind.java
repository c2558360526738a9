package ai.wippy.component;

/**
 * The identity of a resource type within one component instance: a resource the component defines
 * (with its optional destructor) or one it imports. Handles of different kinds never mix.
 */
final class ResourceKind {

    private final String name;
    private final CoreFunc destructor;
    private final boolean guestDefined;

    ResourceKind(String name, CoreFunc destructor, boolean guestDefined) {
        this.name = name;
        this.destructor = destructor;
        this.guestDefined = guestDefined;
    }

    String name() {
        return name;
    }

    CoreFunc destructor() {
        return destructor;
    }

    boolean guestDefined() {
        return guestDefined;
    }

    ResourceKind named(String newName) {
        return new ResourceKind(newName, destructor, guestDefined);
    }

    @Override
    public String toString() {
        return "resource " + name;
    }
}
