package ai.wippy.component;

/** A component that could not be instantiated; the message says which import or definition failed. */
public final class ComponentInstantiationException extends RuntimeException {

    public ComponentInstantiationException(String message) {
        super(message);
    }

    public ComponentInstantiationException(String message, Throwable cause) {
        super(message, cause);
    }
}
