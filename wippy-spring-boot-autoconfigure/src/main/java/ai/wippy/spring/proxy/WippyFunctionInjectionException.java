package ai.wippy.spring.proxy;

/**
 * A {@code @WippyFunction} proxy that could not be made: the message names the function ID, the
 * injection point (the bean class and its field, setter or constructor parameter), the interface
 * method when one is at fault, and the problem (for a Java type that cannot carry its WIT value,
 * the parameter, the path inside the value, the class and the WIT field or case). Thrown while the
 * application starts, so a wrong type stops the boot; {@link WippyFunctionFailureAnalyzer} turns it
 * into Spring Boot's failure report.
 */
public final class WippyFunctionInjectionException extends IllegalStateException {

    /**
     * Where and what.
     *
     * @param functionId the ID the annotation names
     * @param injectionPoint {@code OrderService.users}, {@code OrderService.setUsers(users)}, {@code OrderService(users)}
     * @param method the interface method at fault, as {@code Interface.method}, or {@code null}
     * @param problem what is wrong
     */
    public record Failure(String functionId, String injectionPoint, String method, String problem) {}

    private final transient Failure failure;

    WippyFunctionInjectionException(Failure failure) {
        super("@WippyFunction(\"" + failure.functionId() + "\") on " + failure.injectionPoint()
                + (failure.method() == null ? "" : " (" + failure.method() + ")") + ": " + failure.problem());
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
