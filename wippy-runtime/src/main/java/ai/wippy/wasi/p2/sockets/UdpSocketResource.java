package ai.wippy.wasi.p2.sockets;

import ai.wippy.component.host.WitResource;
import ai.wippy.value.VariantValue;
import ai.wippy.wasi.p2.Pollable;
import java.util.List;

/**
 * The {@code wasi:sockets/udp.udp-socket} resource as the guest sees it: one typed method per WIT
 * method, linked by the {@code @WitInterface} mechanism, each running on the {@link UdpSocket}
 * state machine; where the WIT answers {@code result<T, error-code>} it returns the ok value (the
 * datagram streams {@code stream} returns become new owned handles) and throws a {@link
 * SocketError} for the error case.
 */
@WitResource("udp-socket")
public final class UdpSocketResource implements AutoCloseable {

    private final UdpSocket socket;

    UdpSocketResource(UdpSocket socket) {
        this.socket = socket;
    }

    public void startBind(Network network, VariantValue localAddress) throws SocketError {
        socket.startBind(IpAddresses.socketAddress(localAddress), IpAddresses.familyOfValue(localAddress));
    }

    public void finishBind() throws SocketError {
        socket.finishBind();
    }

    /**
     * {@code stream(remote-address: option<ip-socket-address>)}: a new pair of datagram streams,
     * {@code result<tuple<own<incoming-datagram-stream>, own<outgoing-datagram-stream>>, error-code>}.
     */
    public List<Object> stream(VariantValue remoteAddress) throws SocketError {
        UdpSocket.Streams s = socket.stream(
                remoteAddress == null ? null : IpAddresses.socketAddress(remoteAddress),
                remoteAddress == null ? null : IpAddresses.familyOfValue(remoteAddress));
        return List.of(s.incoming(), s.outgoing());
    }

    public VariantValue localAddress() throws SocketError {
        return IpAddresses.socketAddressValue(socket.localAddress());
    }

    public VariantValue remoteAddress() throws SocketError {
        return IpAddresses.socketAddressValue(socket.remoteAddress());
    }

    public String addressFamily() {
        return IpAddresses.familyName(socket.family());
    }

    public int unicastHopLimit() {
        return socket.unicastHopLimit();
    }

    public void setUnicastHopLimit(int value) throws SocketError {
        socket.setUnicastHopLimit(value);
    }

    public long receiveBufferSize() throws SocketError {
        return socket.receiveBufferSize();
    }

    public void setReceiveBufferSize(long value) throws SocketError {
        socket.setReceiveBufferSize(value);
    }

    public long sendBufferSize() throws SocketError {
        return socket.sendBufferSize();
    }

    public void setSendBufferSize(long value) throws SocketError {
        socket.setSendBufferSize(value);
    }

    /** Sends never wait and datagrams are polled through their streams: always ready. */
    public Pollable subscribe() {
        return Pollable.readyNow();
    }

    @Override
    public void close() {
        socket.close();
    }
}
