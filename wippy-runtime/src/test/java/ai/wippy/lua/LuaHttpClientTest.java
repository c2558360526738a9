package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.call.Actor;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.FunctionCaller;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Lua {@code http_client} module against a loopback server, each request decided by the
 * caller's policies: {@code http_client.request} on the URL, {@code http_client.private_ip} on the
 * (here loopback) address.
 */
class LuaHttpClientTest {

    static HttpServer server;
    static int port;
    static final AtomicInteger hits = new AtomicInteger();
    static WasmRegistry registry;

    static final String YAML = """
            version: "1.0"
            namespace: net
            entries:
              - name: callers
                kind: security.policy
                groups: [net, web, none]
                policy: { actions: funcs.call, resources: "net:*", effect: allow }
              - name: net-request
                kind: security.policy
                groups: [net, web]
                policy: { actions: http_client.request, resources: "http://127.0.0.1:*", effect: allow }
              - name: net-private
                kind: security.policy
                groups: [net]
                policy: { actions: http_client.private_ip, resources: "127.0.0.1", effect: allow }
              - name: fetch
                kind: function.lua
                method: main
                modules: [http_client]
                source: |
                  local http = require("http_client")
                  return { main = function(url)
                    local res, err = http.post(url, {
                      body = "Wippy",
                      headers = { ["Content-Type"] = "text/plain", ["X-From"] = "lua" },
                      query = { q = "a b" },
                      timeout = "5s",
                    })
                    if err then return { kind = err:kind(), message = err:message() } end
                    return { status = res.status_code, body = res.body, size = res.body_size,
                             reply = res.headers["X-reply"] or res.headers["x-reply"] }
                  end }
              - name: get
                kind: function.lua
                method: main
                modules: [http_client]
                source: |
                  local http = require("http_client")
                  return { main = function(url, max)
                    local res, err = http.request("GET", url, { max_response_body = max, auth = { user = "ada", pass = "pw" } })
                    if err then return { kind = err:kind(), message = err:message() } end
                    return { status = res.status_code, body = res.body, enc = http.encode_uri("a b&c"),
                             dec = http.decode_uri("a+b%26c") }
                  end }
            """;

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/greet", exchange -> {
            hits.incrementAndGet();
            String in = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] out = ("Hello, " + in + "! " + exchange.getRequestMethod() + " "
                            + exchange.getRequestURI().getRawQuery() + " "
                            + exchange.getRequestHeaders().getFirst("X-From") + " " + auth)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Reply", "pong");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
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

    private static FunctionCaller as(String group) {
        return registry.caller()
                .withActor(Actor.of("user-" + group))
                .withScope(registry.policies().scopeForGroups(List.of(group)));
    }

    private String url() {
        return "http://127.0.0.1:" + port + "/greet";
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRequestAllowedByPolicyIsSent() {
        Map<String, Object> out = (Map<String, Object>) as("net").call("net:fetch", url());
        assertThat(out)
                .containsEntry("status", 200)
                .containsEntry("body", "Hello, Wippy! POST q=a+b lua null")
                .containsEntry("reply", "pong");
        Map<String, Object> get = (Map<String, Object>) as("net").call("net:get", url(), 0);
        assertThat(get)
                .containsEntry("status", 200)
                .containsEntry("enc", "a+b%26c")
                .containsEntry("dec", "a b&c");
        assertThat((String) get.get("body")).endsWith("Basic YWRhOnB3");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "a request without http_client.request is denied before anything is sent | none"
                        + " | http_client.request | 127.0.0.1",
                "a private address needs http_client.private_ip | web | private IP 127.0.0.1"
                        + " | http_client.private_ip"
            })
    @SuppressWarnings("unchecked")
    void aDeniedRequestSendsNothing(String what, String actor, String says, String alsoSays) {
        int before = hits.get();
        Map<String, Object> out = (Map<String, Object>) as(actor).call("net:fetch", url());
        assertThat(out).containsEntry("kind", "PERMISSION_DENIED");
        assertThat((String) out.get("message")).contains(says, alsoSays);
        assertThat(hits.get()).isEqualTo(before);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBodyLargerThanMaxResponseBodyIsRefused() {
        Map<String, Object> out = (Map<String, Object>) as("net").call("net:get", url(), 4);
        assertThat(out).containsEntry("kind", "INVALID");
        assertThat((String) out.get("message")).contains("max_response_body (4 bytes)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBadUrlIsInvalid() {
        Map<String, Object> out = (Map<String, Object>) as("net").call("net:get", "ftp://127.0.0.1/x", 0);
        assertThat(out).containsEntry("kind", "INVALID");
    }
}
