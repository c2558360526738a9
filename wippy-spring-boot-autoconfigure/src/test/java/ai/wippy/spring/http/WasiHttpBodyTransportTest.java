package ai.wippy.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.UnsecuredWebApp;
import ai.wippy.spring.WebAppTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Wippy's {@code wasi-http} transport for an ordinary export ({@code greet: func(name: string) ->
 * string} of a JavaScript component): the request body is the argument and the string result the
 * {@code text/plain} response; Lua's {@code http_client} calls the endpoint as Wippy's
 * {@code call_wasi_http_wasm} test does.
 */
@WebAppTest(
        value = UnsecuredWebApp.class,
        properties = {
            "wippy.registry.locations=classpath*:wippy-lua-http/_index.yaml",
            "wippy.http.include-message=always"
        },
        timeout = "60s")
class WasiHttpBodyTransportTest {

    @Autowired
    WebTestClient http;

    @Autowired
    WasmRegistry registry;

    @LocalServerPort
    int port;

    @Test
    void theBodyIsTheArgumentAndTheStringResultTheResponse() {
        http.post()
                .uri("/wasm/greet")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("Ada")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .expectBody(String.class)
                .isEqualTo("Hello, Ada!");
    }

    @Test
    @SuppressWarnings("unchecked")
    void luaHttpClientCallsTheEndpointAsWippysSuiteDoes() {
        Map<String, Object> out =
                (Map<String, Object>) registry.call("app.test.wasm:call_wasi_http_wasm", "http://localhost:" + port);
        assertThat(out)
                .containsEntry("status", 200)
                .containsEntry("body", "Hello, Wippy!")
                .containsEntry("sum", 12);
        assertThat((String) out.get("type")).startsWith("text/plain");
    }
}
