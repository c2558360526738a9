package ai.wippy.wasi.p2.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The socket client component (src/test/fixtures/component/wasi-sockets, see build.sh) against real
 * loopback echo servers, as registry functions held to their entry's {@code wasi.allowed_hosts}.
 */
class SocketComponentTest {

    private ServerSocket tcpServer;
    private DatagramSocket udpServer;
    private final AtomicInteger tcpConnections = new AtomicInteger();

    @BeforeEach
    void startEchoServers() throws IOException {
        tcpServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("tcp-echo").start(() -> {
            while (!tcpServer.isClosed()) {
                try {
                    Socket s = tcpServer.accept();
                    tcpConnections.incrementAndGet();
                    Thread.ofPlatform().daemon().start(() -> echo(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
        udpServer = udpEcho();
    }

    private static void echo(Socket s) {
        try (s;
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the client went away
        }
    }

    /** A loopback UDP server answering each datagram with {@code udp:} and its payload, until it is closed. */
    static DatagramSocket udpEcho() throws IOException {
        DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("udp-echo").start(() -> {
            byte[] buffer = new byte[2048];
            while (!server.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                    server.receive(p);
                    byte[] reply = ("udp:" + new String(p.getData(), 0, p.getLength())).getBytes();
                    server.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    @AfterEach
    void stopEchoServers() throws IOException {
        tcpServer.close();
        udpServer.close();
    }

    static WasmRegistry runtime(String allowedHosts) {
        return runtime("wasi:sockets, wasi:io", allowedHosts);
    }

    static WasmRegistry runtime(String imports, String allowedHosts) {
        String yaml = """
                version: "1.0"
                namespace: net
                entries:
                  - { name: fixtures, kind: fs.directory, directory: src/test/fixtures/component }
                  - name: echo
                    kind: function.wasm
                    fs: fixtures
                    path: wasi-sockets/sockets.wasm
                    method: echo
                    imports: [%2$s]
                    wasi: { allowed_hosts: [%1$s] }
                  - name: udp_echo
                    kind: function.wasm
                    fs: fixtures
                    path: wasi-sockets/sockets.wasm
                    method: udp-echo
                    imports: [%2$s]
                    wasi: { allowed_hosts: [%1$s] }
                  - name: lookup
                    kind: function.wasm
                    fs: fixtures
                    path: wasi-sockets/sockets.wasm
                    method: lookup
                    imports: [%2$s]
                    wasi: { allowed_hosts: [%1$s] }
                """.formatted(allowedHosts, imports);
        return TestRegistries.runtime(yaml);
    }

    @Test
    void aTcpMessageRoundTripsToAnAllowedHost() {
        try (WasmRegistry r = runtime("\"127.0.0.1\"")) {
            Object reply = r.call("net:echo", "127.0.0.1", tcpServer.getLocalPort(), "hello over wasi:sockets");

            assertThat(reply).isEqualTo("hello over wasi:sockets");
            assertThat(tcpConnections).hasValue(1);
        }
    }

    @Test
    void aHostNotInAllowedHostsIsAccessDenied() {
        try (WasmRegistry r = runtime("example.com, \"127.0.0.1:1\"")) {
            assertThatThrownBy(() -> r.call("net:echo", "127.0.0.1", tcpServer.getLocalPort(), "hi"))
                    .isInstanceOfSatisfying(
                            WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.GUEST_ERROR))
                    .hasMessageContaining("start-connect: access-denied");
            assertThat(tcpConnections).hasValue(0);
        }
    }

    @Test
    void aClosedPortIsConnectionRefused() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (WasmRegistry r = runtime("\"127.0.0.1\"")) {
            assertThatThrownBy(() -> r.call("net:echo", "127.0.0.1", closedPort, "hi"))
                    .hasMessageContaining("finish-connect: connection-refused");
        }
    }

    @Test
    void localhostResolvesWhenAllowedAndConnectsUnderItsName() {
        try (WasmRegistry r = runtime("localhost")) {
            @SuppressWarnings("unchecked")
            List<String> addresses = (List<String>) r.call("net:lookup", "localhost");
            assertThat(addresses).isNotEmpty().anyMatch(a -> a.equals("127.0.0.1") || a.equals("0:0:0:0:0:0:0:1"));

            // only the name is allowed: the connect to its address passes because the guest resolved it
            Object reply = r.call("net:echo", "localhost", tcpServer.getLocalPort(), "by name");
            assertThat(reply).isEqualTo("by name");
        }
    }

    @Test
    void aLookupOfANameNotAllowedIsAccessDenied() {
        try (WasmRegistry r = runtime("\"127.0.0.1\"")) {
            assertThatThrownBy(() -> r.call("net:lookup", "localhost")).hasMessageContaining("resolve: access-denied");
            assertThatThrownBy(() -> r.call("net:echo", "localhost", tcpServer.getLocalPort(), "hi"))
                    .hasMessageContaining("resolve: access-denied");
        }
    }

    @Test
    void aMalformedNameIsInvalidArgument() {
        try (WasmRegistry r = runtime("\"*\"")) {
            assertThatThrownBy(() -> r.call("net:lookup", "not a host name!"))
                    .hasMessageContaining("resolve: invalid-argument");
        }
    }

    @Test
    void aDatagramRoundTripsToAnAllowedHost() {
        try (WasmRegistry r = runtime("\"127.0.0.1\"")) {
            Object reply = r.call("net:udp_echo", "127.0.0.1", udpServer.getLocalPort(), "ping");

            assertThat(reply).isEqualTo("udp:ping");
        }
    }

    @Test
    void aDatagramToAHostNotAllowedIsAccessDenied() {
        try (WasmRegistry r = runtime("example.com")) {
            assertThatThrownBy(() -> r.call("net:udp_echo", "127.0.0.1", udpServer.getLocalPort(), "ping"))
                    .hasMessageContaining("stream: access-denied");
        }
    }

    @Test
    void withoutTheSocketsGrantTheNetworkIsAbsent() {
        try (WasmRegistry r = runtime("wasi:io", "\"127.0.0.1\"")) {
            assertThatThrownBy(() -> r.call("net:echo", "127.0.0.1", tcpServer.getLocalPort(), "hi"))
                    .isInstanceOfSatisfying(
                            WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CAPABILITY_DENIED))
                    .hasMessageContaining("capability not granted: wasi:sockets");
            assertThat(tcpConnections).hasValue(0);
        }
    }
}
