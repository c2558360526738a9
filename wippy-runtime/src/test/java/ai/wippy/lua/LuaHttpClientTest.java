package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.runtime.LoopbackServer;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.FunctionCaller;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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

    static LoopbackServer server;
    static WasmRegistry registry;

    static final String YAML = TestRegistries.yaml(
            "net",
            TestRegistries.allows("callers", "net, web, none", "funcs.call", "net:*"),
            TestRegistries.allows("net-request", "net, web", "http_client.request", "http://127.0.0.1:*"),
            TestRegistries.allows("net-private", "net", "http_client.private_ip", "127.0.0.1"),
            TestRegistries.luaFunction("fetch", "main", "modules: [http_client]", """
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
                    """),
            TestRegistries.luaFunction("get", "main", "modules: [http_client]", """
                    local http = require("http_client")
                    return { main = function(url, max)
                      local res, err = http.request("GET", url, { max_response_body = max, auth = { user = "ada", pass = "pw" } })
                      if err then return { kind = err:kind(), message = err:message() } end
                      return { status = res.status_code, body = res.body, enc = http.encode_uri("a b&c"),
                               dec = http.decode_uri("a+b%26c") }
                    end }
                    """));

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackServer.start("/greet", exchange -> {
            String in = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String body = "Hello, " + in + "! " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getRawQuery() + " "
                    + exchange.getRequestHeaders().getFirst("X-From") + " " + auth;
            return new LoopbackServer.Reply(200, Map.of("X-Reply", "pong"), body.getBytes(StandardCharsets.UTF_8));
        });
        registry = TestRegistries.runtime(YAML);
    }

    @AfterAll
    static void stop() {
        registry.close();
        server.close();
    }

    private static FunctionCaller as(String group) {
        return TestRegistries.member(registry, "user-", group);
    }

    private String url() {
        return server.url();
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
        int before = server.hits();
        Map<String, Object> out = (Map<String, Object>) as(actor).call("net:fetch", url());
        assertThat(out).containsEntry("kind", "PERMISSION_DENIED");
        assertThat((String) out.get("message")).contains(says, alsoSays);
        assertThat(server.hits()).isEqualTo(before);
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
