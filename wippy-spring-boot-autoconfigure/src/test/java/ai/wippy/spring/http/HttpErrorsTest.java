package ai.wippy.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.TestWeb;
import ai.wippy.spring.UnsecuredWebApp;
import ai.wippy.spring.WebAppTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * Failed calls answered over HTTP with the default settings: each kind's status, the client's own
 * errors with their message, internal ones without (no Lua traceback, no server detail), a nested
 * NOT_FOUND as a 500, and bodies over {@code wippy.http.max-body-size} (1 MiB) as 413.
 */
@WebAppTest(
        value = {UnsecuredWebApp.class, HttpErrorsTest.Calls.class},
        properties = {"wippy.registry.locations=classpath*:wippy-http-errors/_index.yaml"},
        timeout = "60s")
class HttpErrorsTest {

    @RestController
    static class Calls {
        @Autowired
        WasmRegistry registry;

        @GetMapping("/controller/boom")
        Object boom() {
            return registry.call("errs:boom");
        }

        @GetMapping("/controller/missing")
        Object missing() {
            return registry.call("errs:nowhere");
        }
    }

    @Autowired
    WebTestClient http;

    @Test
    void anInternalErrorIs500WithoutItsMessageOrLuaTraceback() {
        String body = http.get()
                .uri("/boom")
                .exchange()
                .expectStatus()
                .isEqualTo(500)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(body)
                .contains("\"kind\":\"INTERNAL\"")
                .contains("the call failed; the server log has the details")
                .doesNotContain("secret detail")
                .doesNotContain("traceback")
                .doesNotContain("errs:boom");
    }

    @Test
    void aControllerCallingAFailingFunctionIsAnsweredTheSameWay() {
        TestWeb.error(http.get().uri("/controller/boom"), 500, "INTERNAL")
                .jsonPath("$.message")
                .isEqualTo("the call failed; the server log has the details");
    }

    @Test
    void aFunctionNotFoundInsideTheRouteIsA500NotA404() {
        TestWeb.error(http.get().uri("/relay"), 500, "NOT_FOUND")
                .jsonPath("$.function")
                .doesNotExist();
        TestWeb.error(http.get().uri("/controller/missing"), 500, "NOT_FOUND");
    }

    @Test
    void theClientsOwnErrorsKeepTheirMessage() {
        TestWeb.error(http.get().uri("/add?a=x&b=1"), 400, "INVALID")
                .jsonPath("$.message")
                .isEqualTo("query parameter a='x' is not a s32")
                .jsonPath("$.function")
                .isEqualTo("errs:add");
        TestWeb.error(http.get().uri("/refuse"), 422, "GUEST_ERROR")
                .jsonPath("$.message")
                .value(m -> assertThat((String) m).contains("no such user"));
    }

    private static String jsonString(int length) {
        return "\"" + "x".repeat(length) + "\"";
    }

    @Test
    void aBodyOverTheLimitIs413() {
        TestWeb.error(
                        http.post()
                                .uri("/echo")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(jsonString(2 * 1024 * 1024)),
                        413,
                        "INVALID")
                .jsonPath("$.message")
                .value(m -> assertThat((String) m)
                        .contains("larger than the limit of 1048576 bytes")
                        .contains("wippy.http.max-body-size"));
    }

    @Test
    void aStreamedBodyWithoutLengthIsCutAtTheLimitWith413() {
        byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        Flux<DataBuffer> body = Flux.concat(
                Flux.just(DefaultDataBufferFactory.sharedInstance.wrap("\"".getBytes(StandardCharsets.US_ASCII))),
                Flux.range(0, 32).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(chunk)));
        http.post()
                .uri("/echo")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body, DataBuffer.class)
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .jsonPath("$.message")
                .value(m -> assertThat((String) m).contains("wippy.http.max-body-size"));
    }

    @Test
    void aBodyUnderTheLimitButOverSpringsCodecDefaultIsRead() {
        // 300 KiB: over spring.codec.max-in-memory-size's 256 KiB default, under wippy.http.max-body-size
        TestWeb.ok(http.post()
                        .uri("/size")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(jsonString(300 * 1024)))
                .json(String.valueOf(300 * 1024));
    }

    @Test
    void malformedJsonIs400WithWhere() {
        TestWeb.error(
                        http.post()
                                .uri("/echo")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue("[1, 2,,]"),
                        400,
                        "INVALID")
                .jsonPath("$.message")
                .value(m -> assertThat((String) m).startsWith("the request body is not valid JSON at line 1, column"));
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        http.post()
                .uri("/echo")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("hello")
                .exchange()
                .expectStatus()
                .isEqualTo(415)
                .expectBody()
                .jsonPath("$.message")
                .isEqualTo("a payload endpoint takes a JSON body, not text/plain");
    }

    @Test
    void aJsonBodyStillReachesTheFunction() {
        TestWeb.ok(http.post()
                        .uri("/echo")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"name\": \"ada\"}"))
                .json("{\"name\": \"ada\"}");
    }
}
