package ai.wippy.wasi.p2.sockets;

import static ai.wippy.wasi.p2.sockets.SocketError.done;
import static ai.wippy.wasi.p2.sockets.SocketError.result;

import ai.wippy.component.host.HostResources;
import ai.wippy.component.host.WitResource;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wasi.p2.Pollable;
import java.util.List;

/**
 * The {@code wasi:sockets/udp.udp-socket} resource as the guest sees it: one typed method per WIT
 * method, linked by the {@code @WitInterface} mechanism, each running on the {@link UdpSocket}
 * state machine and answering {@code result<_, error-code>}. The datagram streams {@code stream}
 * hands out go into the instance's handle table the socket was made for.
 */
@WitResource("udp-socket")
public final class UdpSocketResource implements AutoCloseable {

    private final UdpSocket socket;
    private final HostResources table;

    UdpSocketResource(UdpSocket socket, HostResources table) {
        this.socket = socket;
        this.table = table;
    }

    public ResultValue startBind(Network network, VariantValue localAddress) {
        return done(() ->
                socket.startBind(IpAddresses.socketAddress(localAddress), IpAddresses.familyOfValue(localAddress)));
    }

    public ResultValue finishBind() {
        return done(socket::finishBind);
    }

    /**
     * {@code stream(remote-address: option<ip-socket-address>)}: a new pair of datagram streams,
     * {@code result<tuple<own<incoming-datagram-stream>, own<outgoing-datagram-stream>>, error-code>}.
     */
    public ResultValue stream(VariantValue remoteAddress) {
        return result(() -> {
            UdpSocket.Streams s = socket.stream(
                    remoteAddress == null ? null : IpAddresses.socketAddress(remoteAddress),
                    remoteAddress == null ? null : IpAddresses.familyOfValue(remoteAddress));
            return List.of(
                    table.own("incoming-datagram-stream", s.incoming()),
                    table.own("outgoing-datagram-stream", s.outgoing()));
        });
    }

    public ResultValue localAddress() {
        return result(() -> IpAddresses.socketAddressValue(socket.localAddress()));
    }

    public ResultValue remoteAddress() {
        return result(() -> IpAddresses.socketAddressValue(socket.remoteAddress()));
    }

    public String addressFamily() {
        return IpAddresses.familyName(socket.family());
    }

    public ResultValue unicastHopLimit() {
        return ResultValue.ok(socket.unicastHopLimit());
    }

    public ResultValue setUnicastHopLimit(int value) {
        return done(() -> socket.setUnicastHopLimit(value));
    }

    public ResultValue receiveBufferSize() {
        return result(socket::receiveBufferSize);
    }

    public ResultValue setReceiveBufferSize(long value) {
        return done(() -> socket.setReceiveBufferSize(value));
    }

    public ResultValue sendBufferSize() {
        return result(socket::sendBufferSize);
    }

    public ResultValue setSendBufferSize(long value) {
        return done(() -> socket.setSendBufferSize(value));
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
