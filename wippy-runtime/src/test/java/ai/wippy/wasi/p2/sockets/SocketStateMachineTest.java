package ai.wippy.wasi.p2.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.wasi.WasiSettings;
import ai.wippy.wasi.p2.Pollable;
import ai.wippy.wasi.p2.StreamException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The TCP and UDP socket state machines and the policy, driven directly from Java. */
class SocketStateMachineTest {

    static final StandardProtocolFamily V4 = StandardProtocolFamily.INET;
    static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** Allows the loopback address only. */
    static final SocketPolicy LOOPBACK = policy("127.0.0.1");

    static SocketPolicy policy(String... allowed) {
        return new SocketPolicy(new WasiSettings(
                "test:sockets", Set.of("wasi:sockets"), List.of(), null, Map.of(), List.of(), List.of(allowed)));
    }

    static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        SocketError.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    /** Binds {@code listener} to a free loopback port and has it listening (each step started and finished). */
    static void listen(TcpSocket listener) throws SocketError {
        listener.startBind(LOOPBACK_ANY_PORT, V4);
        listener.finishBind();
        listener.startListen();
        listener.finishListen();
    }

    /** Waits the way a guest does. */
    static void await(Pollable p) {
        p.block();
        assertThat(p.ready()).isTrue();
    }

    @Test
    void bindFollowsStartThenFinish() throws Exception {
        try (TcpSocket s = new TcpSocket(V4, policy())) {
            assertCode(s::finishBind, ErrorCode.NOT_IN_PROGRESS);
            assertCode(s::localAddress, ErrorCode.INVALID_STATE);

            s.startBind(LOOPBACK_ANY_PORT, V4);
            assertCode(() -> s.startBind(LOOPBACK_ANY_PORT, V4), ErrorCode.CONCURRENCY_CONFLICT);
            assertCode(s::startListen, ErrorCode.CONCURRENCY_CONFLICT);
            assertCode(s::localAddress, ErrorCode.INVALID_STATE);
            s.finishBind();

            assertThat(s.localAddress().getPort()).isPositive();
            assertCode(() -> s.startBind(LOOPBACK_ANY_PORT, V4), ErrorCode.INVALID_STATE);
            assertCode(s::finishBind, ErrorCode.NOT_IN_PROGRESS);
            assertCode(s::remoteAddress, ErrorCode.INVALID_STATE);
        }
    }

    @Test
    void addressesOfTheOtherFamilyAreInvalidArguments() throws Exception {
        try (TcpSocket s = new TcpSocket(V4, policy("*"))) {
            assertCode(
                    () -> s.startBind(
                            new InetSocketAddress(InetAddress.getByName("::1"), 0), StandardProtocolFamily.INET6),
                    ErrorCode.INVALID_ARGUMENT);
            assertCode(
                    () -> s.startConnect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), V4),
                    ErrorCode.INVALID_ARGUMENT);
            assertCode(
                    () -> s.startConnect(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 80), V4),
                    ErrorCode.INVALID_ARGUMENT);
        }
    }

    @Test
    void bindingOutsideLoopbackNeedsAnOpenAllowList() throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0);
        try (TcpSocket s = new TcpSocket(V4, policy("example.com", "127.0.0.1"))) {
            assertCode(() -> s.startBind(any, V4), ErrorCode.ACCESS_DENIED);
            assertThat(s.state()).isEqualTo(TcpSocket.State.UNBOUND);
        }
        try (UdpSocket u = new UdpSocket(V4, policy("example.com"))) {
            assertCode(() -> u.startBind(any, V4), ErrorCode.ACCESS_DENIED);
        }
        try (TcpSocket s = new TcpSocket(V4, policy("0.0.0.0"))) {
            s.startBind(any, V4);
            s.finishBind();
            assertThat(s.localAddress().getAddress().isAnyLocalAddress()).isTrue();
        }
    }

    @Test
    void listenAcceptsConnectionsThatExchangeData() throws Exception {
        try (TcpSocket listener = new TcpSocket(V4, policy())) {
            assertCode(listener::startListen, ErrorCode.INVALID_STATE);
            listener.startBind(LOOPBACK_ANY_PORT, V4);
            listener.finishBind();
            assertCode(listener::finishListen, ErrorCode.NOT_IN_PROGRESS);
            listener.startListen();
            assertCode(listener::accept, ErrorCode.INVALID_STATE);
            listener.finishListen();
            assertThat(listener.isListening()).isTrue();
            assertCode(listener::accept, ErrorCode.WOULD_BLOCK);
            assertCode(() -> listener.startConnect(LOOPBACK_ANY_PORT, V4), ErrorCode.INVALID_STATE);

            int port = listener.localAddress().getPort();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                await(listener.subscribe());
                TcpSocket.Accepted accepted = listener.accept();
                try (TcpSocket conn = accepted.socket()) {
                    assertThat(conn.state()).isEqualTo(TcpSocket.State.CONNECTED);
                    assertThat(conn.remoteAddress().getPort()).isEqualTo(client.getLocalPort());

                    client.getOutputStream().write("from client".getBytes(StandardCharsets.UTF_8));
                    client.shutdownOutput();
                    assertThat(readAll(accepted.streams().input())).isEqualTo("from client");

                    accepted.streams().output().write("from guest".getBytes(StandardCharsets.UTF_8));
                    conn.shutdown("send");
                    assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                            .isEqualTo("from guest");
                }
            }
        }
    }

    @Test
    void connectStaysInProgressUntilFinishedAndAFailureClosesTheSocket() throws Exception {
        int closedPort;
        try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (TcpSocket s = new TcpSocket(V4, LOOPBACK)) {
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort);
            s.startConnect(target, V4);
            assertCode(() -> s.startConnect(target, V4), ErrorCode.CONCURRENCY_CONFLICT);
            assertCode(() -> s.startBind(LOOPBACK_ANY_PORT, V4), ErrorCode.CONCURRENCY_CONFLICT);
            await(s.subscribe());
            assertCode(s::finishConnect, ErrorCode.CONNECTION_REFUSED);
            assertThat(s.state()).isEqualTo(TcpSocket.State.CLOSED);
            assertCode(() -> s.startConnect(target, V4), ErrorCode.INVALID_STATE);
            assertCode(s::finishConnect, ErrorCode.NOT_IN_PROGRESS);
        }
    }

    @Test
    void aClientSocketTalksToAListenerSocket() throws Exception {
        try (TcpSocket listener = new TcpSocket(V4, LOOPBACK);
                TcpSocket client = new TcpSocket(V4, LOOPBACK)) {
            listen(listener);

            client.options().setKeepAliveEnabled(true);
            client.options().setKeepAliveIdleTime(1_500_000_000L);
            assertThat(client.options().keepAliveIdleTime()).isEqualTo(2_000_000_000L);
            assertCode(() -> client.options().setReceiveBufferSize(0), ErrorCode.INVALID_ARGUMENT);
            client.startConnect(listener.localAddress(), V4);
            await(client.subscribe());
            TcpSocket.Streams streams = client.finishConnect();
            assertThat(client.options().keepAliveEnabled()).isTrue();
            assertThat(client.options().receiveBufferSize()).isPositive();

            await(listener.subscribe());
            TcpSocket.Accepted server = listener.accept();
            streams.output().write("ping".getBytes(StandardCharsets.UTF_8));
            client.shutdown("send");
            assertThat(readAll(server.streams().input())).isEqualTo("ping");
            server.socket().close();
        }
    }

    @Test
    void manyWriteBudgetsArriveIntactAndFlushEmptiesTheQueue() throws Exception {
        try (TcpSocket listener = new TcpSocket(V4, LOOPBACK);
                TcpSocket client = new TcpSocket(V4, LOOPBACK)) {
            listen(listener);
            client.startConnect(listener.localAddress(), V4);
            await(client.subscribe());
            TcpSocket.Streams streams = client.finishConnect();
            await(listener.subscribe());
            TcpSocket.Accepted server = listener.accept();

            TcpOutput out = streams.output();
            assertThat(out.checkWrite()).isEqualTo(TcpOutput.BUDGET);
            byte[] big = new byte[(int) TcpOutput.BUDGET];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i * 31);
            }
            long total = 0;
            for (int i = 0; i < 64; i++) {
                long permitted = out.checkWrite();
                if (permitted == 0) {
                    await(out.subscribe());
                    permitted = out.checkWrite();
                }
                out.write(java.util.Arrays.copyOf(big, (int) permitted));
                total += permitted;
                // drain on the other side so that the writes make progress
                drain(server.streams().input());
            }
            out.blockingFlush();
            assertThat(out.checkWrite()).isEqualTo(TcpOutput.BUDGET);
            client.shutdown("send");
            long received = drainedSoFar + readAll(server.streams().input()).length();
            assertThat(received).isEqualTo(total);
            server.socket().close();
        }
    }

    private long drainedSoFar;

    private void drain(TcpInput in) throws StreamException {
        byte[] got;
        while ((got = in.read(1 << 20)).length > 0) {
            drainedSoFar += got.length;
        }
    }

    @Test
    void closingAListenerFreesItsPort() throws Exception {
        TcpSocket listener = new TcpSocket(V4, policy());
        listen(listener);
        int port = listener.localAddress().getPort();

        listener.close();

        assertThat(listener.isListening()).isFalse();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
        assertCode(listener::accept, ErrorCode.INVALID_STATE);
    }

    @Test
    void udpStreamsNeedABoundSocketAndANewPairRetiresTheOld() throws Exception {
        try (UdpSocket a = new UdpSocket(V4, LOOPBACK);
                UdpSocket b = new UdpSocket(V4, LOOPBACK)) {
            assertCode(() -> a.stream(null, null), ErrorCode.INVALID_STATE);
            a.startBind(LOOPBACK_ANY_PORT, V4);
            assertCode(() -> a.startBind(LOOPBACK_ANY_PORT, V4), ErrorCode.CONCURRENCY_CONFLICT);
            a.finishBind();
            b.startBind(LOOPBACK_ANY_PORT, V4);
            b.finishBind();

            UdpSocket.Streams first = a.stream(null, null);
            UdpSocket.Streams second = a.stream(b.localAddress(), V4);
            assertCode(() -> first.incoming().receive(1), ErrorCode.INVALID_STATE);
            assertCode(first.outgoing()::checkSend, ErrorCode.INVALID_STATE);
            assertThat(a.remoteAddress()).isEqualTo(b.localAddress());

            UdpSocket.Streams bs = b.stream(null, null);
            assertThat(second.outgoing().send(List.of(Map.of("data", "hi b".getBytes(StandardCharsets.UTF_8)))))
                    .isEqualTo(1);
            Pollable ready = bs.incoming().subscribe();
            await(ready);
            List<Map<String, Object>> got = bs.incoming().receive(10);
            assertThat(got).hasSize(1);
            assertThat(new String((byte[]) got.get(0).get("data"), StandardCharsets.UTF_8))
                    .isEqualTo("hi b");
            assertThat(IpAddresses.socketAddress(got.get(0).get("remote-address")))
                    .isEqualTo(a.localAddress());
            assertThat(bs.incoming().receive(10)).isEmpty();

            // b's stream is not connected: a datagram needs an address, and it must be allowed
            assertCode(() -> bs.outgoing().send(List.of(Map.of("data", new byte[1]))), ErrorCode.INVALID_ARGUMENT);
            Map<String, Object> elsewhere = new java.util.HashMap<>();
            elsewhere.put("data", new byte[1]);
            elsewhere.put(
                    "remote-address",
                    IpAddresses.socketAddressValue(new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 9)));
            assertCode(() -> bs.outgoing().send(List.of(elsewhere)), ErrorCode.ACCESS_DENIED);
        }
    }

    @Test
    void lookupsRememberNamesForTheirAddresses() throws Exception {
        SocketPolicy policy = policy("localhost:7");
        assertCode(
                () -> policy.checkRemote(InetAddress.getByName("127.0.0.1"), 7, "connect to"), ErrorCode.ACCESS_DENIED);
        ResolveAddressStream stream = ResolveAddressStream.start("localhost", policy);
        await(stream.subscribe());
        InetAddress first = stream.next();
        assertThat(first.isLoopbackAddress()).isTrue();

        policy.checkRemote(InetAddress.getByAddress(first.getAddress()), 7, "connect to");
        assertCode(() -> policy.checkRemote(first, 8, "connect to"), ErrorCode.ACCESS_DENIED);
        assertCode(() -> ResolveAddressStream.start("example.com", policy), ErrorCode.ACCESS_DENIED);
        assertCode(() -> ResolveAddressStream.start("bad name", policy), ErrorCode.INVALID_ARGUMENT);

        ResolveAddressStream literal = ResolveAddressStream.start("10.0.0.1", policy);
        assertThat(literal.next()).isEqualTo(InetAddress.getByName("10.0.0.1"));
        assertThat(literal.next()).isNull();
    }

    @Test
    void unresolvableNamesReportNameUnresolvable() throws Exception {
        ResolveAddressStream stream = ResolveAddressStream.start("no-such-host.invalid", policy("*"));
        await(stream.subscribe());
        assertThatThrownBy(stream::next)
                .isInstanceOfSatisfying(
                        SocketError.class,
                        e -> assertThat(e.code())
                                .isIn(ErrorCode.NAME_UNRESOLVABLE, ErrorCode.TEMPORARY_RESOLVER_FAILURE));
    }

    private static String readAll(TcpInput in) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (true) {
            try {
                sb.append(new String(in.blockingRead(1 << 16), StandardCharsets.UTF_8));
            } catch (StreamException e) {
                assertThat(e.isClosed())
                        .as("stream ended cleanly: " + e.getMessage())
                        .isTrue();
                return sb.toString();
            }
        }
    }
}
