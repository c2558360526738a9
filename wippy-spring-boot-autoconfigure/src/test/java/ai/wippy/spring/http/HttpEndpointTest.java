package ai.wippy.spring.http;

import ai.wippy.spring.TestWeb;
import ai.wippy.spring.UnsecuredWebApp;
import ai.wippy.spring.WebAppTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code http.endpoint} entries served by WebFlux with the payload transport. */
@WebAppTest(
        value = UnsecuredWebApp.class,
        properties = {"wippy.registry.locations=classpath*:wippy-http/_index.yaml", "wippy.http.include-message=always"
        })
class HttpEndpointTest {

    @Autowired
    WebTestClient http;

    @Test
    void aJsonArrayIsThePositionalArguments() {
        TestWeb.ok(http.post()
                        .uri("/add")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("[6, 7]"))
                .json("13");
    }

    @Test
    void aJsonObjectNamesTheArgumentsOfASeveralParameterFunction() {
        TestWeb.ok(http.post()
                        .uri("/add")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"a\": 40, \"b\": 2}"))
                .json("42");
    }

    @Test
    void aJsonObjectIsTheSingleArgumentOfAOneParameterFunction() {
        // square takes one s64; the object is that argument, so its shape is refused before the guest runs
        TestWeb.error(
                http.post()
                        .uri("/square")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"x\": 3}"),
                400,
                "INVALID");
        TestWeb.ok(http.post()
                        .uri("/square")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("9"))
                .json("81");
    }

    @Test
    void queryAndPathParametersAreNamedArgumentsConvertedByTheSignature() {
        TestWeb.ok(http.get().uri("/add?a=6&b=7")).json("13");
        TestWeb.ok(http.get().uri("/square/12")).json("144");
    }

    @Test
    void badArgumentsAre400WithAJsonError() {
        TestWeb.error(http.get().uri("/add?a=six&b=7"), 400, "INVALID")
                .jsonPath("$.function")
                .isEqualTo("web:add")
                .jsonPath("$.message")
                .value(m ->
                        org.assertj.core.api.Assertions.assertThat((String) m).contains("six"));
        http.get()
                .uri("/add?a=1")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.message")
                .isEqualTo("missing argument 'b'");
        http.get().uri("/add?a=3000000000&b=1").exchange().expectStatus().isBadRequest();
    }

    @Test
    void aTrapIs500AndATimeoutIs504() {
        TestWeb.error(http.get().uri("/crash"), 500, "TRAPPED");
        TestWeb.error(http.get().uri("/spin"), 504, "TIMEOUT");
    }

    @Autowired
    ai.wippy.runtime.WasmRegistry registry;

    @Test
    void aClientThatDisconnectsStopsTheGuest() throws Exception {
        var nap = registry.function("web:nap").orElseThrow().pool();
        long discardedBefore = nap.stats().discarded();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.mutate()
                        .responseTimeout(java.time.Duration.ofMillis(300))
                        .build()
                        .get()
                        .uri("/nap")
                        .exchange())
                .hasMessageContaining("Timeout");
        long until = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (nap.stats().busy() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        // the 30-second nap was interrupted long before its end, and its instance discarded
        org.assertj.core.api.Assertions.assertThat(nap.stats().busy()).isZero();
        org.assertj.core.api.Assertions.assertThat(nap.stats().discarded()).isGreaterThan(discardedBefore);
    }

    @Test
    void wasiHttpTransportOfAnOrdinaryExportAnswersItsResult() {
        // streamed is a core module's add: Wippy's wasi-http transport calls it with the body (none
        // here) as its argument and answers the result; only incoming-handler#handle gets the request
        http.get()
                .uri("/streamed")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .json("1");
    }
}
