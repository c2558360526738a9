package ai.wippy.wasi.p2.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.Actor;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.FunctionCaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * wasi:sockets decided by the caller's policies as well as by the entry's {@code wasi.allowed_hosts}:
 * {@code socket.connect} on {@code address:port}, {@code socket.resolve} on the name, {@code
 * socket.listen} on the bound {@code address:port}. Both must allow.
 */
class SocketPolicyActionsTest {

    private ServerSocket tcpServer;
    private DatagramSocket udpServer;
    private final AtomicInteger tcpConnections = new AtomicInteger();

    static final String YAML = """
            version: "1.0"
            namespace: net
            entries:
              - { name: fixtures, kind: fs.directory, directory: src/test/fixtures/component }
              - name: callers
                kind: security.policy
                groups: [all, noconnect, noresolve, nolisten]
                policy: { actions: funcs.call, resources: "net:*", effect: allow }
              - name: connect
                kind: security.policy
                groups: [all, noresolve, nolisten]
                policy: { actions: socket.connect, resources: "127.0.0.1:*", effect: allow }
              - name: resolve
                kind: security.policy
                groups: [all, noconnect, nolisten]
                policy: { actions: socket.resolve, resources: "localhost", effect: allow }
              - name: listen
                kind: security.policy
                groups: [all, noconnect, noresolve]
                policy: { actions: socket.listen, resources: "127.0.0.1:*", effect: allow }
              - name: echo
                kind: function.wasm
                fs: fixtures
                path: wasi-sockets/sockets.wasm
                method: echo
                imports: [wasi:sockets, wasi:io]
                wasi: { allowed_hosts: ["127.0.0.1", "localhost"] }
              - name: echo_listed_elsewhere
                kind: function.wasm
                fs: fixtures
                path: wasi-sockets/sockets.wasm
                method: echo
                imports: [wasi:sockets, wasi:io]
                wasi: { allowed_hosts: ["example.com"] }
              - name: udp_echo
                kind: function.wasm
                fs: fixtures
                path: wasi-sockets/sockets.wasm
                method: udp-echo
                imports: [wasi:sockets, wasi:io]
                wasi: { allowed_hosts: ["127.0.0.1"] }
              - name: lookup
                kind: function.wasm
                fs: fixtures
                path: wasi-sockets/sockets.wasm
                method: lookup
                imports: [wasi:sockets, wasi:io]
                wasi: { allowed_hosts: ["localhost"] }
            """;

    @BeforeEach
    void startEchoServers() throws IOException {
        tcpServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (!tcpServer.isClosed()) {
                try {
                    Socket s = tcpServer.accept();
                    tcpConnections.incrementAndGet();
                    Thread.ofPlatform().daemon().start(() -> {
                        try (s;
                                InputStream in = s.getInputStream();
                                OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // the client went away
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        udpServer = SocketComponentTest.udpEcho();
    }

    @AfterEach
    void stopEchoServers() throws IOException {
        tcpServer.close();
        udpServer.close();
    }

    private static FunctionCaller as(WasmRegistry r, String group) {
        return r.caller()
                .withActor(Actor.of("u-" + group))
                .withScope(r.policies().scopeForGroups(List.of(group)));
    }

    @Test
    void connectNeedsSocketConnect() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            int port = tcpServer.getLocalPort();
            assertThat(as(r, "all").call("net:echo", "127.0.0.1", port, "hi")).isEqualTo("hi");
            int before = tcpConnections.get();
            assertThatThrownBy(() -> as(r, "noconnect").call("net:echo", "127.0.0.1", port, "hi"))
                    .hasMessageContaining("access-denied");
            assertThat(tcpConnections.get()).isEqualTo(before);
        }
    }

    @Test
    void policyAndAllowListMustBothAllow() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            int before = tcpConnections.get();
            assertThatThrownBy(() ->
                            as(r, "all").call("net:echo_listed_elsewhere", "127.0.0.1", tcpServer.getLocalPort(), "hi"))
                    .hasMessageContaining("access-denied");
            assertThat(tcpConnections.get()).isEqualTo(before);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void lookupNeedsSocketResolve() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            assertThat((List<String>) as(r, "all").call("net:lookup", "localhost"))
                    .isNotEmpty();
            assertThatThrownBy(() -> as(r, "noresolve").call("net:lookup", "localhost"))
                    .hasMessageContaining("resolve: access-denied");
        }
    }

    @Test
    void bindingNeedsSocketListen() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            int port = udpServer.getLocalPort();
            assertThat(as(r, "all").call("net:udp_echo", "127.0.0.1", port, "ping"))
                    .isEqualTo("udp:ping");
            assertThatThrownBy(() -> as(r, "nolisten").call("net:udp_echo", "127.0.0.1", port, "ping"))
                    .hasMessageContaining("bind: access-denied");
        }
    }
}
