package ai.wippy.wasi.p2.sockets;

import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostFunction;
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

    /** {@code start-bind(self, network, local-address)} of a TCP or UDP socket. */
    static HostFunction startBind(HostBinding b, Class<? extends BindableSocket> type) {
        return args -> result(() -> {
            network(b, args.get(1));
            Resources.borrow(b, args.get(0), type)
                    .startBind(IpAddresses.socketAddress(args.get(2)), IpAddresses.familyOfValue(args.get(2)));
            return null;
        });
    }

    /** {@code finish-bind(self)} of a TCP or UDP socket. */
    static HostFunction finishBind(HostBinding b, Class<? extends BindableSocket> type) {
        return args -> result(() -> {
            Resources.borrow(b, args.get(0), type).finishBind();
            return null;
        });
    }

    static Network network(HostBinding b, Object handle) {
        return Resources.borrow(b, handle, Network.class);
    }
}
