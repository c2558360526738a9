package ai.wippy.wasi.p2.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wasi.WasiSettings;
import ai.wippy.wasi.p2.StreamException;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outgoing HTTP against a real loopback server: a JavaScript component (jco componentize,
 * StarlingMonkey, src/test/fixtures/component/js-http/fetcher.js) calls fetch() through
 * wasi:http/outgoing-handler within its entry's wasi.allowed_hosts, and the host's exchange reports
 * the error codes of denied, refused and unresolvable requests.
 */
class OutgoingHttpTest {

    static final Path FIXTURES = Path.of("src/test/fixtures/component/js-http").toAbsolutePath();

    static HttpServer server;
    static int port;
    static final AtomicInteger hits = new AtomicInteger();
    static WasmRegistry registry;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hello", exchange -> {
            hits.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String reply = "hello " + exchange.getRequestMethod() + " "
                    + exchange.getRequestHeaders().getFirst("x-from") + " "
                    + new String(body, StandardCharsets.UTF_8);
            byte[] out = reply.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-reply", "pong");
            exchange.sendResponseHeaders(201, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
        String http = "wasi:http, wasi:io, wasi:clocks, wasi:random, wasi:cli";
        String yaml = """
                version: "1.0"
                namespace: app
                entries:
                  - { name: fixtures, kind: fs.directory, directory: "%s" }
                """.formatted(FIXTURES)
                + fetcher("fetch", "fetch-url", http)
                // a fetch that fails leaves StarlingMonkey's body writer queued in the instance, which
                // breaks that instance's next call: the denied case runs on its own instance
                + fetcher("fetch_denied", "fetch-url", http)
                // the same component without the wasi:http grant: the network is absent
                + fetcher("fetch_ungranted", "fetch-url", "wasi:io, wasi:clocks, wasi:random, wasi:cli")
                + fetcher("status", "fetch-status", http);
        long t0 = System.nanoTime();
        registry = WasmRegistry.builder()
                .document(TestRegistries.doc("app/_index.yaml", yaml, dir))
                .build();
        System.out.println("fetcher.wasm loaded in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    /** An entry running {@code method} of fetcher.wasm with these imports, allowed to reach 127.0.0.1. */
    private static String fetcher(String name, String method, String imports) {
        return """
                  - name: %s
                    kind: function.wasm
                    fs: fixtures
                    path: fetcher.wasm
                    method: %s
                    imports: [%s]
                    pool: { type: static, size: 1 }
                    wasi:
                      allowed_hosts: ["127.0.0.1"]
                """.formatted(name, method, imports);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        server.stop(0);
    }

    @Test
    void componentFetchesAnAllowedHost() {
        Object result = registry.call("app:fetch", "http://127.0.0.1:" + port + "/hello");

        assertThat(result).isEqualTo("201 pong hello POST guest ping");
    }

    @Test
    void componentReadsTheStatusOfAGet() {
        Object result = registry.call("app:status", "http://127.0.0.1:" + port + "/hello");

        assertThat(result).isEqualTo("201");
    }

    @Test
    void componentIsDeniedAHostOutsideItsAllowList() {
        int before = hits.get();

        Object result = registry.call("app:fetch_denied", "http://localhost:" + port + "/hello");

        assertThat((String) result).startsWith("error");
        assertThat(hits.get()).isEqualTo(before);
    }

    @Test
    void withoutTheHttpGrantTheComponentReachesNothing() {
        int before = hits.get();

        assertThatThrownBy(() -> registry.call("app:fetch_ungranted", "http://127.0.0.1:" + port + "/hello"))
                .isInstanceOfSatisfying(
                        WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CAPABILITY_DENIED))
                .hasMessageContaining("capability not granted: wasi:http");
        assertThat(hits.get()).isEqualTo(before);
    }

    static WasiSettings allowing(String... hosts) {
        return new WasiSettings("app:test", Set.of("wasi:http"), List.of(), null, Map.of(), List.of(), List.of(hosts));
    }

    static OutgoingRequest request(String authority, String path) throws Exception {
        Fields headers = new Fields();
        headers.append("x-from", "host-test".getBytes(StandardCharsets.UTF_8));
        OutgoingRequest request = new OutgoingRequest(headers);
        request.setMethod(new VariantValue("post", null));
        request.setAuthority(authority);
        request.setPathWithQuery(path);
        return request;
    }

    static Object outcome(ResultValue started) throws Exception {
        assertThat(started.ok()).as("started: %s", started.value()).isTrue();
        return ((FutureIncomingResponse) started.value()).outcome().get(10, TimeUnit.SECONDS);
    }

    @Test
    void exchangeDeliversStatusHeadersAndStreamedBody() throws Exception {
        OutgoingRequest request = request("127.0.0.1:" + port, "/hello?x=1");
        OutgoingBody body = request.takeBody();
        ResultValue started = OutgoingExchange.start(allowing("127.0.0.1:" + port), request, null);
        // the body is written after handle() returned, as a guest does
        BodyOutput out = body.stream();
        out.write("pi".getBytes(StandardCharsets.UTF_8));
        out.write("ng".getBytes(StandardCharsets.UTF_8));
        body.finish();

        IncomingResponse response = (IncomingResponse) outcome(started);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.headers().get("X-Reply"))
                .singleElement()
                .isEqualTo("pong".getBytes(StandardCharsets.UTF_8));
        BodyInput in = response.consume().stream();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try {
            while (true) {
                read.write(in.blockingRead(1024));
            }
        } catch (StreamException e) {
            assertThat(e.isClosed()).isTrue();
        }
        assertThat(read.toString(StandardCharsets.UTF_8)).isEqualTo("hello POST host-test ping");
    }

    @Test
    void exchangeOutsideTheAllowListIsDenied() throws Exception {
        int before = hits.get();

        ResultValue started =
                OutgoingExchange.start(allowing("127.0.0.1:1"), request("127.0.0.1:" + port, "/hello"), null);

        assertThat(started.ok()).isFalse();
        assertThat(started.value()).isEqualTo(new VariantValue("HTTP-request-denied", null));
        assertThat(hits.get()).isEqualTo(before);
    }

    @Test
    void refusedPortGivesConnectionRefused() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }

        Object code = outcome(OutgoingExchange.start(allowing("127.0.0.1"), request("127.0.0.1:" + closed, "/"), null));

        assertThat(code).isEqualTo(new VariantValue("connection-refused", null));
    }

    @Test
    void unknownHostGivesDnsError() throws Exception {
        Object code =
                outcome(OutgoingExchange.start(allowing("*.invalid"), request("no-such-host.invalid", "/"), null));

        assertThat(code).isInstanceOf(VariantValue.class);
        assertThat(((VariantValue) code).caseName()).isEqualTo("DNS-error");
    }
}
