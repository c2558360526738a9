package ai.wippy.runtime;

/** Sees every call and compilation, for metrics. Implementations must be fast and never throw. */
public interface RuntimeObserver {

    RuntimeObserver NONE = new RuntimeObserver() {};

    /**
     * @param outcome {@code success}, or the lower-case error kind ({@code trapped}, {@code timeout}, ...)
     */
    default void onCall(String functionId, String outcome, long nanos) {}

    default void onCompile(String sha256, long nanos) {}
}
