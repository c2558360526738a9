package ai.wippy.wasi.p2.sockets;

import ai.wippy.component.host.HostBinding;
import ai.wippy.value.ResultValue;
import ai.wippy.wasi.p2.Resources;
import ai.wippy.wasi.p2.WasiHost;

/**
 * Base of the {@code wasi:sockets} hosts: a {@link WasiHost} with the helper that turns a {@link SocketError} into the
 * {@code error-code} result the guest receives.
 */
abstract class SocketHost extends WasiHost {

    SocketHost(String name) {
        super(name);
    }

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
        return Resources.borrow(b, handle, Network.class);
    }
}
