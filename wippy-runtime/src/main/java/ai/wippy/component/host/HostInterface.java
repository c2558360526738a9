package ai.wippy.component.host;

/**
 * A host interface a component may import, such as {@code test:minimal/host} or
 * {@code wasi:clocks/monotonic-clock}. See the package documentation for the contract.
 */
public interface HostInterface {

    /**
     * The interface name without version: {@code namespace:package/interface}. A component import
     * {@code test:minimal/host@1.0.0} is served by the interface named {@code test:minimal/host}.
     */
    String name();

    /**
     * Binds the interface to one component instance. Called once per instance (pools create many);
     * a stateless host returns the same object every time, a stateful one (streams, descriptors)
     * returns a fresh binding holding that instance's state.
     */
    BoundInterface bind(HostBinding binding);
}
