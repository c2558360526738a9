package ai.wippy.wasi.p2;

import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostFunction;
import ai.wippy.component.host.HostInterface;

/**
 * Base of the WASI Preview 2 hosts (here and in the {@code sockets} and {@code http} packages): a
 * named interface whose functions are looked up by WIT name for each instance it is bound to.
 */
public abstract class WasiHost implements HostInterface {

    private final String name;

    protected WasiHost(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public BoundInterface bind(HostBinding binding) {
        return (function, signature) -> function(binding, function);
    }

    /** The implementation of {@code function} for one instance, or null when there is none. */
    protected abstract HostFunction function(HostBinding binding, String function);
}
