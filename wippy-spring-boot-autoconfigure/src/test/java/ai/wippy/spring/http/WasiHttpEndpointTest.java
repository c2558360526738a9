package ai.wippy.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.TestWeb;
import ai.wippy.spring.UnsecuredWebApp;
import ai.wippy.spring.WebAppTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code http.endpoint}s whose function has {@code transport: wasi-http}: the component's
 * {@code wasi:http/incoming-handler} serves real HTTP requests. echo.wasm is JavaScript built with
 * jco componentize (StarlingMonkey, an exported incomingHandler over the wasi:http bindings,
 * wippy-runtime/src/test/fixtures/component/js-http);
 * silent.wasm and trap.wasm are hand-written component WAT (fixtures/component/wasi-http-wat);
 * pause.wasm is freestanding C (fixtures/component/http-pause). Requests without a body to silent,
 * trap, pause and sleepy (whose imports act only on their instance) start on the event loop they
 * arrive on; sleepy waits on a clock there and is moved to the dispatcher.
 */
@WebAppTest(
        value = UnsecuredWebApp.class,
        properties = {
            "wippy.registry.locations=classpath*:wippy-wasi-http/_index.yaml",
            "wippy.http.include-message=always"
        },
        timeout = "60s")
class WasiHttpEndpointTest {

    @Autowired
    WebTestClient http;

    @Autowired
    WasmRegistry registry;

    @Test
    void aJavaScriptComponentEchoesMethodPathHeaderAndBody() {
        http.post()
                .uri("/echo/created?x=1&y=two")
                .header("x-test", "hello header")
                .bodyValue("the body")
                .exchange()
                .expectStatus()
                .isEqualTo(201)
                .expectHeader()
                .valueEquals("x-echo", "yes")
                .expectBody()
                .jsonPath("$.method")
                .isEqualTo("POST")
                .jsonPath("$.path")
                .isEqualTo("/echo/created?x=1&y=two")
                .jsonPath("$.header")
                .isEqualTo("hello header")
                .jsonPath("$.body")
                .isEqualTo("the body");
    }

    @Test
    void aGetHasAnEmptyBody() {
        TestWeb.ok(http.get().uri("/echo/plain"))
                .jsonPath("$.method")
                .isEqualTo("GET")
                .jsonPath("$.path")
                .isEqualTo("/echo/plain")
                .jsonPath("$.body")
                .isEqualTo("");
    }

    @Test
    void aBodyFinishedBeforeTheResponseLeavesGoesInOneWriteWithItsLength() {
        http.get()
                .uri("/pause")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-served-by", "pause")
                .expectHeader()
                .contentLength(13)
                .expectHeader()
                .doesNotExist("transfer-encoding")
                .expectBody(String.class)
                .isEqualTo("before\nafter\n");
    }

    @Test
    void aGuestThatWaitsForTheNetworkStreamsItsResponse() {
        // more than the 256 KiB a response body queues: the guest waits for the network to take some
        String big = "0123456789".repeat(60_000);
        http.mutate()
                .codecs(c -> c.defaultCodecs().maxInMemorySize(4 << 20))
                .build()
                .post()
                .uri("/pause")
                .bodyValue(big)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("transfer-encoding", "chunked")
                .expectBody(String.class)
                .value(b -> assertThat(b).isEqualTo("before\n" + big + "after\n"));
    }

    @Test
    void aLargeBodyStreamsThroughTheGuest() {
        String big = "abcdefghij".repeat(100_000); // 1 MB, more than the body buffers hold at once
        http.mutate()
                .codecs(c -> c.defaultCodecs().maxInMemorySize(4 << 20))
                .build()
                .post()
                .uri("/echo/big")
                .bodyValue(big)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.body")
                .value(b -> assertThat((String) b).isEqualTo(big));
    }

    @Test
    void aGuestThatNeverSetsTheResponseGives500() {
        http.get()
                .uri("/silent")
                .exchange()
                .expectStatus()
                .isEqualTo(500)
                .expectBody()
                .jsonPath("$.function")
                .isEqualTo("web:silent")
                .jsonPath("$.message")
                .value(m -> assertThat((String) m).contains("without setting a response"));
    }

    @Test
    void aTrapGives500AndDiscardsTheInstance() {
        var pool = registry.function("web:trap").orElseThrow().pool();
        long discardedBefore = pool.stats().discarded();

        TestWeb.error(http.get().uri("/trap"), 500, "TRAPPED");

        assertThat(pool.stats().discarded()).isGreaterThan(discardedBefore);
    }

    @Test
    void aGuestThatWaitsOnTheEventLoopIsMovedToTheDispatcherAndAnsweredAsThere() {
        for (int i = 0; i < 2; i++) { // the first starts on the event loop and is moved; the second goes there directly
            long started = System.nanoTime();
            http.get()
                    .uri("/sleepy")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(500)
                    .expectBody()
                    .jsonPath("$.function")
                    .isEqualTo("web:sleepy")
                    .jsonPath("$.message")
                    .value(m -> assertThat((String) m).contains("without setting a response"));
            assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(200_000_000L);
        }
        // the one run stopped on the event loop was discarded, the dispatcher's returned theirs
        assertThat(registry.function("web:sleepy").orElseThrow().pool().stats().discarded())
                .isEqualTo(1);
    }
}
