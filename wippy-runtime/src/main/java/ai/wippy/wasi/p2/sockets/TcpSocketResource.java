package ai.wippy.wasi.p2.sockets;

import ai.wippy.component.host.WitResource;
import ai.wippy.value.VariantValue;
import ai.wippy.wasi.p2.Pollable;
import java.util.List;

/**
 * The {@code wasi:sockets/tcp.tcp-socket} resource as the guest sees it: one typed method per WIT
 * method ({@code [method]tcp-socket.start-connect} is {@link #startConnect}), linked by the
 * {@code @WitInterface} mechanism. Each runs on the {@link TcpSocket} state machine; where the WIT
 * answers {@code result<T, error-code>} it returns the ok value (connections and streams it returns
 * become new owned handles) and throws a {@link SocketError} for the error case.
 */
@WitResource("tcp-socket")
public final class TcpSocketResource implements AutoCloseable {

    private final TcpSocket socket;

    TcpSocketResource(TcpSocket socket) {
        this.socket = socket;
    }

    TcpSocket socket() {
        return socket;
    }

    public void startBind(Network network, VariantValue localAddress) throws SocketError {
        socket.startBind(IpAddresses.socketAddress(localAddress), IpAddresses.familyOfValue(localAddress));
    }

    public void finishBind() throws SocketError {
        socket.finishBind();
    }

    public void startConnect(Network network, VariantValue remoteAddress) throws SocketError {
        socket.startConnect(IpAddresses.socketAddress(remoteAddress), IpAddresses.familyOfValue(remoteAddress));
    }

    /** {@code result<tuple<own<input-stream>, own<output-stream>>, error-code>}. */
    public List<Object> finishConnect() throws SocketError {
        TcpSocket.Streams s = socket.finishConnect();
        return List.of(s.input(), s.output());
    }

    public void startListen() throws SocketError {
        socket.startListen();
    }

    public void finishListen() throws SocketError {
        socket.finishListen();
    }

    /** {@code result<tuple<own<tcp-socket>, own<input-stream>, own<output-stream>>, error-code>}. */
    public List<Object> accept() throws SocketError {
        TcpSocket.Accepted a = socket.accept();
        return List.of(
                new TcpSocketResource(a.socket()),
                a.streams().input(),
                a.streams().output());
    }

    public VariantValue localAddress() throws SocketError {
        return IpAddresses.socketAddressValue(socket.localAddress());
    }

    public VariantValue remoteAddress() throws SocketError {
        return IpAddresses.socketAddressValue(socket.remoteAddress());
    }

    public boolean isListening() {
        return socket.isListening();
    }

    public String addressFamily() {
        return IpAddresses.familyName(socket.family());
    }

    public void setListenBacklogSize(long value) throws SocketError {
        socket.setListenBacklogSize(value);
    }

    public boolean keepAliveEnabled() {
        return socket.options().keepAliveEnabled();
    }

    public void setKeepAliveEnabled(boolean value) throws SocketError {
        socket.options().setKeepAliveEnabled(value);
    }

    public long keepAliveIdleTime() {
        return socket.options().keepAliveIdleTime();
    }

    public void setKeepAliveIdleTime(long nanos) throws SocketError {
        socket.options().setKeepAliveIdleTime(nanos);
    }

    public long keepAliveInterval() {
        return socket.options().keepAliveInterval();
    }

    public void setKeepAliveInterval(long nanos) throws SocketError {
        socket.options().setKeepAliveInterval(nanos);
    }

    public long keepAliveCount() {
        return socket.options().keepAliveCount();
    }

    public void setKeepAliveCount(long value) throws SocketError {
        socket.options().setKeepAliveCount(value);
    }

    public int hopLimit() {
        return socket.options().hopLimit();
    }

    public void setHopLimit(int value) throws SocketError {
        socket.options().setHopLimit(value);
    }

    public long receiveBufferSize() throws SocketError {
        return socket.options().receiveBufferSize();
    }

    public void setReceiveBufferSize(long value) throws SocketError {
        socket.options().setReceiveBufferSize(value);
    }

    public long sendBufferSize() throws SocketError {
        return socket.options().sendBufferSize();
    }

    public void setSendBufferSize(long value) throws SocketError {
        socket.options().setSendBufferSize(value);
    }

    public Pollable subscribe() {
        return socket.subscribe();
    }

    public void shutdown(String shutdownType) throws SocketError {
        socket.shutdown(shutdownType);
    }

    @Override
    public void close() {
        socket.close();
    }
}
