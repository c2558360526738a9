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

    /**
     * What links in this interface's place when the entry does not grant it, or null for the
     * generic stand-in ({@link UngrantedInterface}). An interface whose functions toolchains call
     * at start-up (WASI stdio: get-stdout) returns one that behaves as absent without failing
     * (streams that are closed).
     */
    default HostInterface whenNotGranted() {
        return null;
    }
}
