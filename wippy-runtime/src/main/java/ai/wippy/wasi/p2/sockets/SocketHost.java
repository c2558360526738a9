package ai.wippy.wasi.p2.sockets;

import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostFunction;
import ai.wippy.component.host.HostInterface;
import ai.wippy.value.ResultValue;

/**
 * Base of the {@code wasi:sockets} hosts: a named interface whose functions are looked up by WIT
 * name for each instance, and the helper that turns a {@link SocketError} into the
 * {@code error-code} result the guest receives.
 */
abstract class SocketHost implements HostInterface {

    private final String name;

    SocketHost(String name) {
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

    /** An operation that returns its ok value or fails with an error code. */
    @FunctionalInterface
    interface Operation {
        Object run() throws SocketError;
    }

    /** {@code result<T, error-code>}. */
    static ResultValue result(Operation op) {
        try {
            return ResultValue.ok(op.run());
        } catch (SocketError e) {
            return ResultValue.err(e.code().witName());
        }
    }

    static Network network(HostBinding b, Object handle) {
        return Handles.borrow(b, handle, Network.class);
    }
}
