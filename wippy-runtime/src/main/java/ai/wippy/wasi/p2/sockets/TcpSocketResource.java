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
 * The {@code wasi:sockets/tcp.tcp-socket} resource as the guest sees it: one typed method per WIT
 * method ({@code [method]tcp-socket.start-connect} is {@link #startConnect}), linked by the
 * {@code @WitInterface} mechanism. Each runs on the {@link TcpSocket} state machine and answers
 * {@code result<_, error-code>}; new handles (connections, their streams) go into the instance's
 * handle table the socket was made for.
 */
@WitResource("tcp-socket")
public final class TcpSocketResource implements AutoCloseable {

    private final TcpSocket socket;
    private final HostResources table;

    TcpSocketResource(TcpSocket socket, HostResources table) {
        this.socket = socket;
        this.table = table;
    }

    TcpSocket socket() {
        return socket;
    }

    public ResultValue startBind(Network network, VariantValue localAddress) {
        return done(() ->
                socket.startBind(IpAddresses.socketAddress(localAddress), IpAddresses.familyOfValue(localAddress)));
    }

    public ResultValue finishBind() {
        return done(socket::finishBind);
    }

    public ResultValue startConnect(Network network, VariantValue remoteAddress) {
        return done(() -> socket.startConnect(
                IpAddresses.socketAddress(remoteAddress), IpAddresses.familyOfValue(remoteAddress)));
    }

    /** {@code result<tuple<own<input-stream>, own<output-stream>>, error-code>}. */
    public ResultValue finishConnect() {
        return result(() -> streams(socket.finishConnect()));
    }

    public ResultValue startListen() {
        return done(socket::startListen);
    }

    public ResultValue finishListen() {
        return done(socket::finishListen);
    }

    /** {@code result<tuple<own<tcp-socket>, own<input-stream>, own<output-stream>>, error-code>}. */
    public ResultValue accept() {
        return result(() -> {
            TcpSocket.Accepted a = socket.accept();
            List<Object> streams = streams(a.streams());
            return List.of(
                    table.own("tcp-socket", new TcpSocketResource(a.socket(), table)), streams.get(0), streams.get(1));
        });
    }

    private List<Object> streams(TcpSocket.Streams s) {
        return List.of(table.own("input-stream", s.input()), table.own("output-stream", s.output()));
    }

    public ResultValue localAddress() {
        return result(() -> IpAddresses.socketAddressValue(socket.localAddress()));
    }

    public ResultValue remoteAddress() {
        return result(() -> IpAddresses.socketAddressValue(socket.remoteAddress()));
    }

    public boolean isListening() {
        return socket.isListening();
    }

    public String addressFamily() {
        return IpAddresses.familyName(socket.family());
    }

    public ResultValue setListenBacklogSize(long value) {
        return done(() -> socket.setListenBacklogSize(value));
    }

    public ResultValue keepAliveEnabled() {
        return ResultValue.ok(socket.options().keepAliveEnabled());
    }

    public ResultValue setKeepAliveEnabled(boolean value) {
        return done(() -> socket.options().setKeepAliveEnabled(value));
    }

    public ResultValue keepAliveIdleTime() {
        return ResultValue.ok(socket.options().keepAliveIdleTime());
    }

    public ResultValue setKeepAliveIdleTime(long nanos) {
        return done(() -> socket.options().setKeepAliveIdleTime(nanos));
    }

    public ResultValue keepAliveInterval() {
        return ResultValue.ok(socket.options().keepAliveInterval());
    }

    public ResultValue setKeepAliveInterval(long nanos) {
        return done(() -> socket.options().setKeepAliveInterval(nanos));
    }

    public ResultValue keepAliveCount() {
        return ResultValue.ok(socket.options().keepAliveCount());
    }

    public ResultValue setKeepAliveCount(long value) {
        return done(() -> socket.options().setKeepAliveCount(value));
    }

    public ResultValue hopLimit() {
        return ResultValue.ok(socket.options().hopLimit());
    }

    public ResultValue setHopLimit(int value) {
        return done(() -> socket.options().setHopLimit(value));
    }

    public ResultValue receiveBufferSize() {
        return result(() -> socket.options().receiveBufferSize());
    }

    public ResultValue setReceiveBufferSize(long value) {
        return done(() -> socket.options().setReceiveBufferSize(value));
    }

    public ResultValue sendBufferSize() {
        return result(() -> socket.options().sendBufferSize());
    }

    public ResultValue setSendBufferSize(long value) {
        return done(() -> socket.options().setSendBufferSize(value));
    }

    public Pollable subscribe() {
        return socket.subscribe();
    }

    public ResultValue shutdown(String shutdownType) {
        return done(() -> socket.shutdown(shutdownType));
    }

    @Override
    public void close() {
        socket.close();
    }
}
