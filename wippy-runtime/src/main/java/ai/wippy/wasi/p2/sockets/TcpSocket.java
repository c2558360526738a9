package ai.wippy.wasi.p2.sockets;

import ai.wippy.wasi.p2.FuturePollable;
import ai.wippy.wasi.p2.IoBudget;
import ai.wippy.wasi.p2.Pollable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The host object behind a {@code wasi:sockets/tcp.tcp-socket}: the WIT's state machine over NIO2
 * asynchronous channels, so no operation waits on a thread. States: unbound, bind started, bound,
 * listen started, listening, connecting, connected, closed. Starting an operation in the wrong
 * state gives {@code invalid-state}, while another is in progress {@code concurrency-conflict};
 * finishing one that was not started gives {@code not-in-progress}, one still under way
 * {@code would-block}. A failed connect leaves the socket closed.
 *
 * <p>An unbound or bound socket holds an {@link AsynchronousSocketChannel}; listening moves the
 * local address to an {@link AsynchronousServerSocketChannel}, which keeps one accept outstanding
 * while fewer connections than the backlog wait. Options live in the socket's {@link TcpOptions},
 * applied to whichever channel it holds. Every remote address and bound address is checked against
 * the instance's {@link SocketPolicy}. The guest reaches this state machine through {@link
 * TcpSocketResource}, the {@code tcp-socket} resource.
 *
 * <p>Each socket (and each accepted connection) holds one of the instance's {@link IoBudget}
 * sockets until it is closed; a connect, and each read and write of its streams, waits at most the
 * budget's timeout and then fails with {@code timeout}; its streams buffer within the budget's bytes.
 */
public final class TcpSocket implements BindableSocket, AutoCloseable {

    enum State {
        UNBOUND,
        BIND_STARTED,
        BOUND,
        LISTEN_STARTED,
        LISTENING,
        CONNECTING,
        CONNECTED,
        CLOSED
    }

    /** The streams of a connection, handed out once by finish-connect or accept. */
    record Streams(TcpInput input, TcpOutput output) {}

    private final StandardProtocolFamily family;
    private final SocketPolicy policy;
    private final IoBudget budget;
    private final IoBudget.Lease lease;
    private final Readiness accepts = new Readiness();
    private State state;
    private AsynchronousSocketChannel channel;
    private AsynchronousServerSocketChannel server;
    private CompletableFuture<Void> connecting;
    private Streams streams;
    private final ArrayDeque<AsynchronousSocketChannel> pending = new ArrayDeque<>();
    private boolean accepting;
    private Throwable acceptFailure;

    private long backlog = 128;
    private final TcpOptions options;

    /** A new unbound socket, counted against no budget. */
    public TcpSocket(StandardProtocolFamily family, SocketPolicy policy) throws SocketError {
        this(family, policy, IoBudget.unbounded("tcp-socket"));
    }

    /** A new unbound socket holding one of {@code budget}'s sockets ({@code new-socket-limit} when none is left). */
    public TcpSocket(StandardProtocolFamily family, SocketPolicy policy, IoBudget budget) throws SocketError {
        this.family = family;
        this.policy = policy;
        this.budget = budget;
        this.lease = lease(budget, "a new TCP socket");
        try {
            this.channel = AsynchronousSocketChannel.open();
        } catch (IOException e) {
            lease.release();
            throw SocketError.of(e);
        }
        this.options = new TcpOptions(channel);
        this.state = State.UNBOUND;
    }

    static IoBudget.Lease lease(IoBudget budget, String what) throws SocketError {
        IoBudget.Lease l = budget.openSocket(what);
        if (l == null) {
            throw new SocketError(
                    ErrorCode.NEW_SOCKET_LIMIT,
                    what + ": limits.max_open_sockets (" + budget.limits().maxOpenSockets() + ") reached");
        }
        return l;
    }

    /** A connection accepted by a listening socket: connected, with the listener's options. */
    private TcpSocket(TcpSocket listener, AsynchronousSocketChannel accepted, IoBudget.Lease lease) {
        this.family = listener.family;
        this.policy = listener.policy;
        this.budget = listener.budget;
        this.lease = lease;
        this.channel = accepted;
        this.state = State.CONNECTED;
        this.options = new TcpOptions(listener.options, accepted);
    }

    public synchronized State state() {
        return state;
    }

    public StandardProtocolFamily family() {
        return family;
    }

    /** The socket's options (keep-alive, hop limit, buffer sizes), applied to whichever channel it holds. */
    public TcpOptions options() {
        return options;
    }

    // ---- bind ----

    @Override
    public synchronized void startBind(InetSocketAddress local, StandardProtocolFamily addressFamily)
            throws SocketError {
        requireStartable(State.UNBOUND, "bind: the socket is already bound");
        options.applyTo(channel);
        BindableSocket.bind(channel, local, family, addressFamily, policy);
        state = State.BIND_STARTED;
    }

    @Override
    public synchronized void finishBind() throws SocketError {
        requireInProgress(State.BIND_STARTED, "bind");
        state = State.BOUND;
    }

    // ---- connect ----

    public synchronized void startConnect(InetSocketAddress remote, StandardProtocolFamily addressFamily)
            throws SocketError {
        if (state != State.UNBOUND && state != State.BOUND) {
            requireStartable(State.UNBOUND, "connect: the socket is " + describe());
        }
        BindableSocket.requireFamily(family, addressFamily);
        checkRemoteAddress(remote);
        policy.checkRemote(remote.getAddress(), remote.getPort(), "connect to");
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (budget.timeout() != null) {
            done.orTimeout(budget.timeout().toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)
                    .exceptionally(t -> {
                        if (t instanceof java.util.concurrent.TimeoutException) {
                            budget.timedOut("TCP connect to " + remote);
                        }
                        return null;
                    });
        }
        try {
            options.applyTo(channel);
            channel.connect(remote, null, new CompletionHandler<Void, Void>() {
                @Override
                public void completed(Void result, Void attachment) {
                    done.complete(null);
                }

                @Override
                public void failed(Throwable t, Void attachment) {
                    done.completeExceptionally(t);
                }
            });
        } catch (RuntimeException e) {
            throw SocketError.of(e);
        }
        connecting = done;
        state = State.CONNECTING;
    }

    /** Completes the connect: the connection's streams, or the error that ended it. */
    public synchronized Streams finishConnect() throws SocketError {
        requireInProgress(State.CONNECTING, "connect");
        if (!connecting.isDone()) {
            throw new SocketError(ErrorCode.WOULD_BLOCK, "the connection is not established yet");
        }
        try {
            connecting.join();
        } catch (RuntimeException e) {
            closeChannels();
            state = State.CLOSED;
            throw SocketError.of(e);
        }
        state = State.CONNECTED;
        streams = openStreams(channel, budget);
        return streams;
    }

    private static Streams openStreams(AsynchronousSocketChannel ch, IoBudget budget) {
        TcpInput in = new TcpInput(ch, budget);
        in.start();
        return new Streams(in, new TcpOutput(ch, budget));
    }

    // ---- listen and accept ----

    public synchronized void startListen() throws SocketError {
        if (state == State.UNBOUND) {
            throw new SocketError(ErrorCode.INVALID_STATE, "listen: the socket is not bound");
        }
        requireStartable(State.BOUND, "listen: the socket is " + describe());
        InetSocketAddress local = localAddressNow();
        try {
            channel.close();
            server = AsynchronousServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            options.listenOn(server);
            server.bind(local, (int) Math.min(backlog, Integer.MAX_VALUE));
        } catch (IOException e) {
            closeChannels();
            state = State.CLOSED;
            throw SocketError.of(e);
        }
        channel = null;
        options.use(server);
        state = State.LISTEN_STARTED;
        acceptNext();
    }

    public synchronized void finishListen() throws SocketError {
        requireInProgress(State.LISTEN_STARTED, "listen");
        state = State.LISTENING;
    }

    /** A connection waiting to be accepted, as a connected socket with its streams. */
    public Accepted accept() throws SocketError {
        Accepted accepted;
        synchronized (this) {
            if (state != State.LISTENING) {
                throw new SocketError(ErrorCode.INVALID_STATE, "accept: the socket is not listening");
            }
            AsynchronousSocketChannel ch = pending.poll();
            if (ch == null) {
                if (acceptFailure != null) {
                    Throwable f = acceptFailure;
                    acceptFailure = null;
                    acceptNext();
                    throw SocketError.of(f);
                }
                throw new SocketError(ErrorCode.WOULD_BLOCK, "no connection is waiting");
            }
            IoBudget.Lease held = budget.openSocket("an accepted TCP connection");
            if (held == null) {
                pending.addFirst(ch);
                throw new SocketError(
                        ErrorCode.NEW_SOCKET_LIMIT,
                        "accept: limits.max_open_sockets (" + budget.limits().maxOpenSockets() + ") reached");
            }
            TcpSocket socket = new TcpSocket(this, ch, held);
            socket.streams = openStreams(ch, budget);
            accepted = new Accepted(socket, socket.streams);
            acceptNext();
        }
        return accepted;
    }

    /** An accepted connection: its socket and streams. */
    public record Accepted(TcpSocket socket, Streams streams) {}

    /** Keeps one accept outstanding while fewer connections than the backlog wait. */
    private void acceptNext() {
        if (accepting || server == null || !server.isOpen() || pending.size() >= Math.max(1, backlog)) {
            return;
        }
        accepting = true;
        try {
            server.accept(null, new CompletionHandler<AsynchronousSocketChannel, Void>() {
                @Override
                public void completed(AsynchronousSocketChannel ch, Void attachment) {
                    synchronized (TcpSocket.this) {
                        accepting = false;
                        if (state == State.CLOSED) {
                            closeQuietly(ch);
                            return;
                        }
                        pending.add(ch);
                        acceptNext();
                    }
                    accepts.fire();
                }

                @Override
                public void failed(Throwable t, Void attachment) {
                    synchronized (TcpSocket.this) {
                        accepting = false;
                        if (state != State.CLOSED) {
                            acceptFailure = t;
                        }
                    }
                    accepts.fire();
                }
            });
        } catch (RuntimeException e) {
            accepting = false;
            acceptFailure = e;
        }
    }

    public synchronized boolean isListening() {
        return state == State.LISTENING;
    }

    public synchronized void setListenBacklogSize(long value) throws SocketError {
        if (value <= 0) {
            throw new SocketError(ErrorCode.INVALID_ARGUMENT, "the backlog size must be positive");
        }
        if (state == State.CONNECTING || state == State.CONNECTED) {
            throw new SocketError(ErrorCode.INVALID_STATE, "the socket is " + describe());
        }
        backlog = value;
        if (state == State.LISTENING || state == State.LISTEN_STARTED) {
            acceptNext();
        }
    }

    // ---- addresses ----

    public synchronized InetSocketAddress localAddress() throws SocketError {
        if (state == State.UNBOUND || state == State.BIND_STARTED || state == State.CLOSED) {
            throw new SocketError(ErrorCode.INVALID_STATE, "the socket is not bound");
        }
        return localAddressNow();
    }

    public synchronized InetSocketAddress remoteAddress() throws SocketError {
        if (state != State.CONNECTED) {
            throw new SocketError(ErrorCode.INVALID_STATE, "the socket is not connected");
        }
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            throw SocketError.of(e);
        }
    }

    private InetSocketAddress localAddressNow() throws SocketError {
        return BindableSocket.localAddress(server != null ? server : channel);
    }

    // ---- readiness and shutdown ----

    /** Ready when a started connect has finished, or (listening) when a connection waits. */
    public synchronized Pollable subscribe() {
        if (state == State.CONNECTING) {
            return new FuturePollable(connecting);
        }
        if (state == State.LISTENING || state == State.LISTEN_STARTED) {
            return accepts.pollable(this::acceptable);
        }
        return Pollable.readyNow();
    }

    private synchronized boolean acceptable() {
        return !pending.isEmpty() || acceptFailure != null || state == State.CLOSED;
    }

    public synchronized void shutdown(String how) throws SocketError {
        if (state != State.CONNECTED) {
            throw new SocketError(ErrorCode.INVALID_STATE, "shutdown: the socket is not connected");
        }
        boolean receive = how.equals("receive") || how.equals("both");
        boolean send = how.equals("send") || how.equals("both");
        if (receive) {
            streams.input().shutdown();
            try {
                channel.shutdownInput();
            } catch (IOException e) {
                throw SocketError.of(e);
            }
        }
        if (send) {
            streams.output().shutdown();
        }
    }

    // ---- state checks ----

    /** Throws unless the socket is in {@code expected}: a started operation is a conflict, anything else the wrong state. */
    private void requireStartable(State expected, String wrongState) throws SocketError {
        if (state == expected) {
            return;
        }
        if (state == State.BIND_STARTED || state == State.LISTEN_STARTED || state == State.CONNECTING) {
            throw new SocketError(ErrorCode.CONCURRENCY_CONFLICT, "another operation is in progress: " + describe());
        }
        throw new SocketError(ErrorCode.INVALID_STATE, wrongState);
    }

    private void requireInProgress(State started, String what) throws SocketError {
        if (state != started) {
            throw new SocketError(ErrorCode.NOT_IN_PROGRESS, "no " + what + " was started");
        }
    }

    static void checkRemoteAddress(InetSocketAddress remote) throws SocketError {
        if (remote.getAddress().isAnyLocalAddress()) {
            throw new SocketError(ErrorCode.INVALID_ARGUMENT, "the remote address is unspecified");
        }
        if (remote.getAddress().isMulticastAddress()) {
            throw new SocketError(ErrorCode.INVALID_ARGUMENT, "the remote address is multicast");
        }
        if (remote.getPort() == 0) {
            throw new SocketError(ErrorCode.INVALID_ARGUMENT, "the remote port is 0");
        }
    }

    private String describe() {
        return state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    // ---- closing ----

    @Override
    public void close() {
        lease.release();
        ArrayDeque<AsynchronousSocketChannel> waiting;
        synchronized (this) {
            if (state == State.CLOSED && channel == null && server == null) {
                return;
            }
            state = State.CLOSED;
            closeChannels();
            waiting = new ArrayDeque<>(pending);
            pending.clear();
        }
        waiting.forEach(TcpSocket::closeQuietly);
        accepts.fire();
    }

    private void closeChannels() {
        closeQuietly(channel);
        closeQuietly(server);
        channel = null;
        server = null;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // closing a socket the guest is done with: nothing to report
        }
    }
}
