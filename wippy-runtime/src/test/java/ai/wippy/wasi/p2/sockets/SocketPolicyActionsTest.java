package ai.wippy.wasi.p2.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.Actor;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.FunctionCaller;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * wasi:sockets decided by the caller's policies as well as by the entry's {@code wasi.allowed_hosts}:
 * {@code socket.connect} on {@code address:port}, {@code socket.resolve} on the name, {@code
 * socket.listen} on the bound {@code address:port}. Both must allow.
 */
class SocketPolicyActionsTest {

    @AutoClose
    private final EchoServers servers = new EchoServers();

    static final String YAML = TestRegistries.withFixtures("net")
            + TestRegistries.allows("callers", "all, noconnect, noresolve, nolisten", "funcs.call", "net:*")
            + TestRegistries.allows("connect", "all, noresolve, nolisten", "socket.connect", "127.0.0.1:*")
            + TestRegistries.allows("resolve", "all, noconnect, nolisten", "socket.resolve", "localhost")
            + TestRegistries.allows("listen", "all, noconnect, noresolve", "socket.listen", "127.0.0.1:*")
            + EchoServers.entry("echo", "echo", "wasi:sockets, wasi:io", "\"127.0.0.1\", \"localhost\"")
            + EchoServers.entry("echo_listed_elsewhere", "echo", "wasi:sockets, wasi:io", "\"example.com\"")
            + EchoServers.entry("udp_echo", "udp-echo", "wasi:sockets, wasi:io", "\"127.0.0.1\"")
            + EchoServers.entry("lookup", "lookup", "wasi:sockets, wasi:io", "\"localhost\"");

    private static FunctionCaller as(WasmRegistry r, String group) {
        return r.caller()
                .withActor(Actor.of("u-" + group))
                .withScope(r.policies().scopeForGroups(List.of(group)));
    }

    @Test
    void connectNeedsSocketConnect() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            int port = servers.tcp.getLocalPort();
            assertThat(as(r, "all").call("net:echo", "127.0.0.1", port, "hi")).isEqualTo("hi");
            int before = servers.tcpConnections.get();
            assertThatThrownBy(() -> as(r, "noconnect").call("net:echo", "127.0.0.1", port, "hi"))
                    .hasMessageContaining("access-denied");
            assertThat(servers.tcpConnections.get()).isEqualTo(before);
        }
    }

    @Test
    void policyAndAllowListMustBothAllow() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            int before = servers.tcpConnections.get();
            assertThatThrownBy(() -> as(r, "all")
                            .call("net:echo_listed_elsewhere", "127.0.0.1", servers.tcp.getLocalPort(), "hi"))
                    .hasMessageContaining("access-denied");
            assertThat(servers.tcpConnections.get()).isEqualTo(before);
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
            int port = servers.udp.getLocalPort();
            assertThat(as(r, "all").call("net:udp_echo", "127.0.0.1", port, "ping"))
                    .isEqualTo("udp:ping");
            assertThatThrownBy(() -> as(r, "nolisten").call("net:udp_echo", "127.0.0.1", port, "ping"))
                    .hasMessageContaining("bind: access-denied");
        }
    }
}
