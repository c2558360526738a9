package ai.wippy.wasi.p2.http;

import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostFunction;
import ai.wippy.component.host.HostInterface;

/** Base of the {@code wasi:http} hosts: a named interface whose functions are looked up by WIT name per instance. */
abstract class HttpHost implements HostInterface {

    private final String name;

    HttpHost(String name) {
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
