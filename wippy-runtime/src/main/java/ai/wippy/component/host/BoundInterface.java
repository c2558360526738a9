package ai.wippy.component.host;

import ai.wippy.wit.FunctionSignature;

/** A {@link HostInterface} bound to one component instance. */
public interface BoundInterface extends AutoCloseable {

    /**
     * The implementation of one imported function, looked up once per instance by its WIT name
     * ({@code log}, {@code [method]descriptor.read}), with the signature the component declares for
     * it. Returns {@code null} when the interface has no such function: the component then fails to
     * instantiate, naming the function.
     */
    HostFunction function(String name, FunctionSignature signature);

    /** Releases the instance's state when the instance is discarded. */
    @Override
    default void close() {}
}
