package ai.wippy.wasi.p2;

import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostFunction;
import ai.wippy.component.host.HostInterface;

/**
 * Base of the WASI Preview 2 hosts: a named interface whose functions are looked up by WIT name for
 * each instance it is bound to.
 */
abstract class WasiHost implements HostInterface {

    private final String name;

    WasiHost(String name) {
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
    abstract HostFunction function(HostBinding binding, String function);
}
