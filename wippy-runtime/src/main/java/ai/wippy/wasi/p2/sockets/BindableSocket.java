package ai.wippy.wasi.p2.sockets;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.NetworkChannel;

/** The bind half of the socket state machine, the same for TCP and UDP sockets. */
interface BindableSocket {

    void startBind(InetSocketAddress local, StandardProtocolFamily addressFamily) throws SocketError;

    void finishBind() throws SocketError;

    /**
     * The checks and the bind both sockets share: an address of the socket's family
     * ({@code invalid-argument}), allowed by the policy ({@code access-denied}), then the channel
     * bound to it.
     */
    static void bind(
            NetworkChannel channel,
            InetSocketAddress local,
            StandardProtocolFamily socketFamily,
            StandardProtocolFamily addressFamily,
            SocketPolicy policy)
            throws SocketError {
        requireFamily(socketFamily, addressFamily);
        policy.checkBind(local.getAddress(), local.getPort(), "bind to");
        try {
            channel.bind(local);
        } catch (IOException e) {
            throw SocketError.of(e);
        }
    }

    /** An address of the other family is {@code invalid-argument}. */
    static void requireFamily(StandardProtocolFamily socketFamily, StandardProtocolFamily addressFamily)
            throws SocketError {
        if (addressFamily != socketFamily) {
            throw new SocketError(
                    ErrorCode.INVALID_ARGUMENT,
                    "an " + IpAddresses.familyName(addressFamily) + " address on an "
                            + IpAddresses.familyName(socketFamily) + " socket");
        }
    }

    /** The address a bound channel has: the socket's {@code local-address}. */
    static InetSocketAddress localAddress(NetworkChannel channel) throws SocketError {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw SocketError.of(e);
        }
    }
}
