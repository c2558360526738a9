package ai.wippy.wasi.p2.sockets;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import jdk.net.ExtendedSocketOptions;

/**
 * The options of one {@link TcpSocket}: keep-alive (enabled, idle time, interval, count), hop
 * limit and buffer sizes. They are remembered and applied to whichever channel the socket holds
 * now (its connection channel, then its listening channel; {@code hop-limit} is only remembered:
 * the JDK cannot set a unicast TTL); an accepted connection starts with its listener's. Values are
 * checked as the WIT asks: durations, counts and sizes must be positive ({@code invalid-argument}).
 */
public final class TcpOptions {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private NetworkChannel channel;
    private boolean keepAlive;
    private long keepIdleNanos = 7200 * NANOS_PER_SECOND;
    private long keepIntervalNanos = 75 * NANOS_PER_SECOND;
    private long keepCount = 9;
    private int hopLimit = 64;
    private Long receiveBuffer;
    private Long sendBuffer;

    TcpOptions(NetworkChannel channel) {
        this.channel = channel;
    }

    /** The options of a listener, for a connection it accepted on {@code accepted} (applied to it). */
    TcpOptions(TcpOptions listener, NetworkChannel accepted) {
        synchronized (listener) {
            this.keepAlive = listener.keepAlive;
            this.keepIdleNanos = listener.keepIdleNanos;
            this.keepIntervalNanos = listener.keepIntervalNanos;
            this.keepCount = listener.keepCount;
            this.hopLimit = listener.hopLimit;
            this.receiveBuffer = listener.receiveBuffer;
            this.sendBuffer = listener.sendBuffer;
        }
        this.channel = accepted;
        applyTo(accepted);
    }

    /** The socket now holds {@code channel}: options apply to it from here on. */
    synchronized void use(NetworkChannel channel) {
        this.channel = channel;
    }

    public synchronized boolean keepAliveEnabled() {
        return keepAlive;
    }

    public synchronized void setKeepAliveEnabled(boolean value) throws SocketError {
        keepAlive = value;
        apply(StandardSocketOptions.SO_KEEPALIVE, value);
    }

    public synchronized long keepAliveIdleTime() {
        return keepIdleNanos;
    }

    public synchronized void setKeepAliveIdleTime(long nanos) throws SocketError {
        keepIdleNanos = seconds(nanos) * NANOS_PER_SECOND;
        apply(ExtendedSocketOptions.TCP_KEEPIDLE, seconds(nanos));
    }

    public synchronized long keepAliveInterval() {
        return keepIntervalNanos;
    }

    public synchronized void setKeepAliveInterval(long nanos) throws SocketError {
        keepIntervalNanos = seconds(nanos) * NANOS_PER_SECOND;
        apply(ExtendedSocketOptions.TCP_KEEPINTERVAL, seconds(nanos));
    }

    public synchronized long keepAliveCount() {
        return keepCount;
    }

    public synchronized void setKeepAliveCount(long value) throws SocketError {
        if (value <= 0) {
            throw new SocketError(ErrorCode.INVALID_ARGUMENT, "keep-alive count must be positive");
        }
        keepCount = Math.min(value, 127);
        apply(ExtendedSocketOptions.TCP_KEEPCOUNT, (int) keepCount);
    }

    public synchronized int hopLimit() {
        return hopLimit;
    }

    public synchronized void setHopLimit(int value) throws SocketError {
        hopLimit = checkedHopLimit(value);
    }

    /** A hop limit (TCP's, UDP's unicast one) must be positive: else {@code invalid-argument}. */
    static int checkedHopLimit(int value) throws SocketError {
        if (value <= 0) {
            throw new SocketError(ErrorCode.INVALID_ARGUMENT, "the hop limit must be positive");
        }
        return value;
    }

    public synchronized long receiveBufferSize() throws SocketError {
        return bufferSize(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
    }

    public synchronized void setReceiveBufferSize(long value) throws SocketError {
        receiveBuffer = positive(value);
        apply(StandardSocketOptions.SO_RCVBUF, (int) Math.min(value, Integer.MAX_VALUE));
    }

    public synchronized long sendBufferSize() throws SocketError {
        return bufferSize(StandardSocketOptions.SO_SNDBUF, sendBuffer);
    }

    public synchronized void setSendBufferSize(long value) throws SocketError {
        sendBuffer = positive(value);
        apply(StandardSocketOptions.SO_SNDBUF, (int) Math.min(value, Integer.MAX_VALUE));
    }

    /** Sets the receive buffer size the guest asked for on a listening channel before it binds. */
    synchronized void listenOn(NetworkChannel server) throws IOException {
        if (receiveBuffer != null) {
            server.setOption(StandardSocketOptions.SO_RCVBUF, (int) Math.min(receiveBuffer, Integer.MAX_VALUE));
        }
    }

    private long bufferSize(SocketOption<Integer> option, Long remembered) throws SocketError {
        if (channel != null && channel.isOpen() && channel.supportedOptions().contains(option)) {
            try {
                return channel.getOption(option);
            } catch (IOException e) {
                throw SocketError.of(e);
            }
        }
        return remembered == null ? 0 : remembered;
    }

    private static long positive(long value) throws SocketError {
        if (value <= 0) {
            throw new SocketError(ErrorCode.INVALID_ARGUMENT, "the buffer size must be positive");
        }
        return value;
    }

    /** A keep-alive duration in whole seconds (rounded up), as the kernel takes it. */
    private static int seconds(long nanos) throws SocketError {
        if (nanos <= 0) {
            throw new SocketError(ErrorCode.INVALID_ARGUMENT, "the duration must be positive");
        }
        long s = (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
        return (int) Math.min(s, 32767);
    }

    private <T> void apply(SocketOption<T> option, T value) throws SocketError {
        if (channel == null || !channel.isOpen() || !channel.supportedOptions().contains(option)) {
            return;
        }
        try {
            channel.setOption(option, value);
        } catch (IOException e) {
            throw SocketError.of(e);
        }
    }

    /** Applies every remembered option to {@code ch}; a channel that refuses one keeps its default. */
    synchronized void applyTo(NetworkChannel ch) {
        try {
            ch.setOption(StandardSocketOptions.SO_KEEPALIVE, keepAlive);
            if (keepAlive && ch.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
                ch.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, seconds(keepIdleNanos));
                ch.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, seconds(keepIntervalNanos));
                ch.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, (int) keepCount);
            }
            if (receiveBuffer != null) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, (int) Math.min(receiveBuffer, Integer.MAX_VALUE));
            }
            if (sendBuffer != null) {
                ch.setOption(StandardSocketOptions.SO_SNDBUF, (int) Math.min(sendBuffer, Integer.MAX_VALUE));
            }
        } catch (IOException | SocketError | RuntimeException ignored) {
            // options are advisory; a channel that refuses one keeps its default
        }
    }
}
