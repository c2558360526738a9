package ai.wippy.component;

/** A guest violated the component model at run time (a bad handle, a bad string...): the instance traps. */
public final class ComponentTrap extends RuntimeException {

    public ComponentTrap(String message) {
        super(message);
    }

    public ComponentTrap(String message, Throwable cause) {
        super(message, cause);
    }
}
