package ai.wippy.wasi.p2.sockets;

import ai.wippy.wasi.p2.IoBudget;
import ai.wippy.wasi.p2.Pollable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The host object behind a {@code wasi:sockets/udp.udp-socket}: unbound, bind started, bound; a
 * bound socket hands out a pair of datagram streams through {@code stream}, optionally fixed to one
 * remote address (datagrams from elsewhere are dropped, sends without an address go there). A new
 * pair retires the previous one (its calls fail with {@code invalid-state}).
 *
 * <p>Sends happen on the guest's own (virtual) thread. Receiving runs on one virtual thread per
 * socket, started with the first pair, which queues up to 64 datagrams and then waits for the
 * guest to take some; a virtual thread blocked in {@code receive} holds no platform thread. The
 * bound address must be loopback unless the policy opens binding; every destination is checked
 * against the instance's {@link SocketPolicy}.
 */
public final class UdpSocket implements BindableSocket, AutoCloseable {

    /** The largest payload of one IPv4 datagram. */
    static final int MAX_DATAGRAM = 65507;

    private static final int QUEUE_LIMIT = 64;

    enum State {
        UNBOUND,
        BIND_STARTED,
        BOUND,
        CLOSED
    }

    /** A datagram that arrived, with its sender. */
    record Received(byte[] data, InetSocketAddress from) {}

    private final StandardProtocolFamily family;
    private final SocketPolicy policy;
    private final DatagramChannel channel;
    private final Readiness arrivals = new Readiness();
    private final Readiness space = new Readiness();
    private final ArrayDeque<Received> received = new ArrayDeque<>();
    private State state = State.UNBOUND;
    private InetSocketAddress remote;
    private int generation;
    private Thread receiver;
    private Throwable receiveFailure;
    private int hopLimit = 64;

    private final IoBudget.Lease lease;

    /** A new unbound socket, counted against no budget. */
    public UdpSocket(StandardProtocolFamily family, SocketPolicy policy) throws SocketError {
        this(family, policy, IoBudget.unbounded("udp-socket"));
    }

    /** A new unbound socket holding one of {@code budget}'s sockets ({@code new-socket-limit} when none is left). */
    public UdpSocket(StandardProtocolFamily family, SocketPolicy policy, IoBudget budget) throws SocketError {
        this.family = family;
        this.policy = policy;
        this.lease = TcpSocket.lease(budget, "a new UDP socket");
        try {
            this.channel = DatagramChannel.open(family);
        } catch (IOException | UnsupportedOperationException e) {
            lease.release();
            throw SocketError.of(e);
        }
    }

    public StandardProtocolFamily family() {
        return family;
    }

    public synchronized State state() {
        return state;
    }

    @Override
    public synchronized void startBind(InetSocketAddress local, StandardProtocolFamily addressFamily)
            throws SocketError {
        if (state == State.BIND_STARTED) {
            throw new SocketError(ErrorCode.CONCURRENCY_CONFLICT, "a bind is already in progress");
        }
        if (state != State.UNBOUND) {
            throw new SocketError(ErrorCode.INVALID_STATE, "the socket is already bound");
        }
        BindableSocket.bind(channel, local, family, addressFamily, policy);
        state = State.BIND_STARTED;
    }

    @Override
    public synchronized void finishBind() throws SocketError {
        if (state != State.BIND_STARTED) {
            throw new SocketError(ErrorCode.NOT_IN_PROGRESS, "no bind was started");
        }
        state = State.BOUND;
    }

    /** A new pair of datagram streams, optionally fixed to {@code remoteAddress} (null: any). */
    public synchronized Streams stream(InetSocketAddress remoteAddress, StandardProtocolFamily addressFamily)
            throws SocketError {
        if (state != State.BOUND) {
            throw new SocketError(ErrorCode.INVALID_STATE, "the socket is not bound");
        }
        if (remoteAddress != null) {
            BindableSocket.requireFamily(family, addressFamily);
            TcpSocket.checkRemoteAddress(remoteAddress);
            policy.checkRemote(remoteAddress.getAddress(), remoteAddress.getPort(), "send datagrams to");
        }
        remote = remoteAddress;
        generation++;
        received.clear();
        space.fire();
        if (receiver == null) {
            receiver = Thread.ofVirtual().name("wasi-udp-receiver").start(this::receiveLoop);
        }
        return new Streams(new IncomingDatagrams(this, generation), new OutgoingDatagrams(this, generation));
    }

    /** The two streams {@code stream} returns. */
    public record Streams(IncomingDatagrams incoming, OutgoingDatagrams outgoing) {}

    // ---- receiving ----

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM + 1);
        try {
            while (true) {
                waitForSpace();
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                if (from == null) {
                    continue;
                }
                buffer.flip();
                byte[] data = Arrays.copyOf(buffer.array(), buffer.limit());
                synchronized (this) {
                    if (remote != null && !sameAddress(remote, (InetSocketAddress) from)) {
                        continue;
                    }
                    received.add(new Received(data, (InetSocketAddress) from));
                }
                arrivals.fire();
            }
        } catch (ClosedChannelException e) {
            // the socket was closed: the receiver ends
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                receiveFailure = e;
            }
            arrivals.fire();
        }
    }

    private void waitForSpace() throws ClosedChannelException {
        while (true) {
            java.util.concurrent.CompletableFuture<?> wait;
            synchronized (this) {
                if (state == State.CLOSED) {
                    throw new ClosedChannelException();
                }
                if (received.size() < QUEUE_LIMIT) {
                    return;
                }
                wait = space.pollable(this::hasSpace).readiness();
            }
            try {
                wait.get();
            } catch (InterruptedException e) {
                throw new ClosedChannelException();
            } catch (java.util.concurrent.ExecutionException e) {
                // the wait ended; look again
            }
        }
    }

    private synchronized boolean hasSpace() {
        return received.size() < QUEUE_LIMIT || state == State.CLOSED;
    }

    private static boolean sameAddress(InetSocketAddress a, InetSocketAddress b) {
        return a.getPort() == b.getPort()
                && Arrays.equals(
                        normalise(a.getAddress().getAddress()),
                        normalise(b.getAddress().getAddress()));
    }

    private static byte[] normalise(byte[] address) {
        if (address.length == 16) {
            boolean mapped = address[10] == (byte) 0xff && address[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = address[i] == 0;
            }
            if (mapped) {
                return Arrays.copyOfRange(address, 12, 16);
            }
        }
        return address;
    }

    synchronized List<Received> receive(int generation, long max) throws SocketError {
        requireCurrent(generation);
        List<Received> out = new ArrayList<>();
        while (out.size() < max && !received.isEmpty()) {
            out.add(received.poll());
        }
        if (out.isEmpty() && receiveFailure != null && max > 0) {
            Throwable f = receiveFailure;
            receiveFailure = null;
            throw SocketError.of(f);
        }
        if (!out.isEmpty()) {
            space.fire();
        }
        return out;
    }

    Pollable subscribeIncoming(int generation) {
        return arrivals.pollable(() -> incomingReady(generation));
    }

    private synchronized boolean incomingReady(int generation) {
        return generation != this.generation || state == State.CLOSED || !received.isEmpty() || receiveFailure != null;
    }

    // ---- sending ----

    synchronized void requireCurrent(int generation) throws SocketError {
        if (state == State.CLOSED || generation != this.generation) {
            throw new SocketError(ErrorCode.INVALID_STATE, "this datagram stream was replaced or its socket closed");
        }
    }

    /** Sends one datagram to {@code to} (null: the stream's remote address). */
    void send(int generation, byte[] data, InetSocketAddress to, StandardProtocolFamily toFamily) throws SocketError {
        InetSocketAddress target;
        synchronized (this) {
            requireCurrent(generation);
            if (to == null) {
                if (remote == null) {
                    throw new SocketError(ErrorCode.INVALID_ARGUMENT, "no remote address: the stream is not connected");
                }
                target = remote;
            } else {
                BindableSocket.requireFamily(family, toFamily);
                TcpSocket.checkRemoteAddress(to);
                if (remote != null && !sameAddress(remote, to)) {
                    throw new SocketError(
                            ErrorCode.INVALID_ARGUMENT, "the stream is connected to another address: " + remote);
                }
                policy.checkRemote(to.getAddress(), to.getPort(), "send datagrams to");
                target = to;
            }
        }
        if (data.length > MAX_DATAGRAM) {
            throw new SocketError(ErrorCode.DATAGRAM_TOO_LARGE, data.length + " bytes in one datagram");
        }
        try {
            channel.send(ByteBuffer.wrap(data), target);
        } catch (IOException e) {
            throw SocketError.of(e);
        }
    }

    // ---- addresses and options ----

    public synchronized InetSocketAddress localAddress() throws SocketError {
        if (state != State.BOUND) {
            throw new SocketError(ErrorCode.INVALID_STATE, "the socket is not bound");
        }
        return BindableSocket.localAddress(channel);
    }

    public synchronized InetSocketAddress remoteAddress() throws SocketError {
        if (state != State.BOUND || remote == null) {
            throw new SocketError(ErrorCode.INVALID_STATE, "the socket is not connected");
        }
        return remote;
    }

    public synchronized int unicastHopLimit() {
        return hopLimit;
    }

    public synchronized void setUnicastHopLimit(int value) throws SocketError {
        hopLimit = TcpOptions.checkedHopLimit(value);
    }

    public long receiveBufferSize() throws SocketError {
        return option(StandardSocketOptions.SO_RCVBUF);
    }

    public void setReceiveBufferSize(long value) throws SocketError {
        setOption(StandardSocketOptions.SO_RCVBUF, value);
    }

    public long sendBufferSize() throws SocketError {
        return option(StandardSocketOptions.SO_SNDBUF);
    }

    public void setSendBufferSize(long value) throws SocketError {
        setOption(StandardSocketOptions.SO_SNDBUF, value);
    }

    private long option(SocketOption<Integer> option) throws SocketError {
        try {
            return channel.getOption(option);
        } catch (IOException e) {
            throw SocketError.of(e);
        }
    }

    private void setOption(SocketOption<Integer> option, long value) throws SocketError {
        if (value <= 0) {
            throw new SocketError(ErrorCode.INVALID_ARGUMENT, "the buffer size must be positive");
        }
        try {
            channel.setOption(option, (int) Math.min(value, Integer.MAX_VALUE));
        } catch (IOException e) {
            throw SocketError.of(e);
        }
    }

    @Override
    public void close() {
        lease.release();
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            received.clear();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to report to a guest that is gone
        }
        arrivals.fire();
        space.fire();
    }
}
