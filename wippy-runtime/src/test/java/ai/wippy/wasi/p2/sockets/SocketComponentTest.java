package ai.wippy.wasi.p2.sockets;

import static ai.wippy.runtime.TestRegistries.failsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.ErrorKind;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The socket client component (src/test/fixtures/component/wasi-sockets, see build.sh) against real
 * loopback echo servers, as registry functions held to their entry's {@code wasi.allowed_hosts}.
 */
class SocketComponentTest {

    @AutoClose
    private final EchoServers servers = new EchoServers();

    static WasmRegistry runtime(String allowedHosts) {
        return runtime("wasi:sockets, wasi:io", allowedHosts);
    }

    static WasmRegistry runtime(String imports, String allowedHosts) {
        String yaml = TestRegistries.withFixtures("net")
                + EchoServers.entry("echo", "echo", imports, allowedHosts)
                + EchoServers.entry("udp_echo", "udp-echo", imports, allowedHosts)
                + EchoServers.entry("lookup", "lookup", imports, allowedHosts);
        return TestRegistries.runtime(yaml);
    }

    @Test
    void aTcpMessageRoundTripsToAnAllowedHost() {
        try (WasmRegistry r = runtime("\"127.0.0.1\"")) {
            Object reply = r.call("net:echo", "127.0.0.1", servers.tcp.getLocalPort(), "hello over wasi:sockets");

            assertThat(reply).isEqualTo("hello over wasi:sockets");
            assertThat(servers.tcpConnections).hasValue(1);
        }
    }

    @Test
    void aHostNotInAllowedHostsIsAccessDenied() {
        try (WasmRegistry r = runtime("example.com, \"127.0.0.1:1\"")) {
            failsWith(ErrorKind.GUEST_ERROR, () -> r.call("net:echo", "127.0.0.1", servers.tcp.getLocalPort(), "hi"))
                    .hasMessageContaining("start-connect: access-denied");
            assertThat(servers.tcpConnections).hasValue(0);
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
            Object reply = r.call("net:echo", "localhost", servers.tcp.getLocalPort(), "by name");
            assertThat(reply).isEqualTo("by name");
        }
    }

    @Test
    void aLookupOfANameNotAllowedIsAccessDenied() {
        try (WasmRegistry r = runtime("\"127.0.0.1\"")) {
            assertThatThrownBy(() -> r.call("net:lookup", "localhost")).hasMessageContaining("resolve: access-denied");
            assertThatThrownBy(() -> r.call("net:echo", "localhost", servers.tcp.getLocalPort(), "hi"))
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
            Object reply = r.call("net:udp_echo", "127.0.0.1", servers.udp.getLocalPort(), "ping");

            assertThat(reply).isEqualTo("udp:ping");
        }
    }

    @Test
    void aDatagramToAHostNotAllowedIsAccessDenied() {
        try (WasmRegistry r = runtime("example.com")) {
            assertThatThrownBy(() -> r.call("net:udp_echo", "127.0.0.1", servers.udp.getLocalPort(), "ping"))
                    .hasMessageContaining("stream: access-denied");
        }
    }

    @Test
    void withoutTheSocketsGrantTheNetworkIsAbsent() {
        try (WasmRegistry r = runtime("wasi:io", "\"127.0.0.1\"")) {
            failsWith(
                            ErrorKind.CAPABILITY_DENIED,
                            () -> r.call("net:echo", "127.0.0.1", servers.tcp.getLocalPort(), "hi"))
                    .hasMessageContaining("capability not granted: wasi:sockets");
            assertThat(servers.tcpConnections).hasValue(0);
        }
    }
}
