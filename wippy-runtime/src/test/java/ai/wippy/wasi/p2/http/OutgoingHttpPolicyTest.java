package ai.wippy.wasi.p2.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.call.Actor;
import ai.wippy.call.CallContext;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.security.NetworkAccess;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wasi.WasiSettings;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * wasi:http's outgoing handler asks the caller's policies as well as the entry's {@code
 * wasi.allowed_hosts}: {@code http_client.request} on the URL and, for a private address such as
 * loopback, {@code http_client.private_ip} on the address.
 */
class OutgoingHttpPolicyTest {

    static HttpServer server;
    static int port;
    static final AtomicInteger hits = new AtomicInteger();
    static WasmRegistry registry;

    static final String YAML = """
            version: "1.0"
            namespace: net
            entries:
              - name: request
                kind: security.policy
                groups: [net, web]
                policy: { actions: http_client.request, resources: "http://127.0.0.1:*", effect: allow }
              - name: private
                kind: security.policy
                groups: [net]
                policy: { actions: http_client.private_ip, resources: "127.0.0.1", effect: allow }
              - name: calls
                kind: security.policy
                groups: [none]
                policy: { actions: funcs.call, resources: "*", effect: allow }
            """;

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hello", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
        registry = TestRegistries.runtime(YAML);
    }

    @AfterAll
    static void stop() {
        registry.close();
        server.stop(0);
    }

    private static Object send(String group, String allowedHost) throws Exception {
        WasiSettings settings = new WasiSettings(
                "net:fetch",
                Set.of("wasi:http"),
                List.of(),
                null,
                Map.of(),
                List.of(),
                List.of(allowedHost),
                () -> new NetworkAccess(registry.accessGuard()));
        CallContext ctx = CallContext.empty()
                .withActor(Actor.of("u-" + group))
                .withScope(registry.policies().scopeForGroups(List.of(group)));
        CallContext previous = CallContext.bind(ctx);
        try {
            ResultValue started =
                    OutgoingExchange.start(settings, OutgoingHttpTest.request("127.0.0.1:" + port, "/hello"), null);
            return started.ok() ? OutgoingHttpTest.outcome(started) : started.value();
        } finally {
            CallContext.restore(previous);
        }
    }

    @Test
    void bothPoliciesAllowAndTheRequestIsSent() throws Exception {
        Object response = send("net", "127.0.0.1");
        assertThat(response)
                .isInstanceOfSatisfying(
                        IncomingResponse.class, r -> assertThat(r.status()).isEqualTo(204));
    }

    @Test
    void withoutHttpClientRequestTheRequestIsDenied() throws Exception {
        int before = hits.get();
        assertThat(send("none", "127.0.0.1")).isEqualTo(new VariantValue("HTTP-request-denied", null));
        assertThat(hits.get()).isEqualTo(before);
    }

    @Test
    void withoutHttpClientPrivateIpALoopbackTargetIsDenied() throws Exception {
        int before = hits.get();
        assertThat(send("web", "127.0.0.1")).isEqualTo(new VariantValue("HTTP-request-denied", null));
        assertThat(hits.get()).isEqualTo(before);
    }

    @Test
    void thePoliciesDoNotWidenTheAllowList() throws Exception {
        int before = hits.get();
        assertThat(send("net", "example.com")).isEqualTo(new VariantValue("HTTP-request-denied", null));
        assertThat(hits.get()).isEqualTo(before);
    }
}
