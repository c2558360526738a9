package ai.wippy.spring.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.RegisteredFunction;
import ai.wippy.spring.TestMeters;
import ai.wippy.spring.TestWeb;
import ai.wippy.spring.UnsecuredWebApp;
import ai.wippy.spring.WebAppTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A running application whose registry folder changes: an edited {@code .wat} changes the answer of its
 * HTTP endpoint without a restart; a broken edit leaves it answering the old way (and the failure is
 * kept); an entry that did not change keeps its function, and so its pool.
 */
@WebAppTest(
        value = UnsecuredWebApp.class,
        properties = {
            "wippy.registry.locations=classpath*:no-such-folder/_index.yaml",
            "wippy.registry.watch=true",
            "management.endpoints.web.exposure.include=wippy"
        })
class LiveRegistryTest {

    @TempDir
    static Path folder;

    static final String INDEX = AnswerFolder.index("""
              - name: same
                kind: function.wat
                method: f
                wit: "f: func() -> s32;"
                source: '(module (func (export "f") (result i32) i32.const 7))'
            """);

    @DynamicPropertySource
    static void registry(DynamicPropertyRegistry properties) throws IOException {
        AnswerFolder.create(folder, INDEX, properties);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    WasmRegistry registry;

    @Autowired
    ai.wippy.spring.actuate.WippyEndpoint endpoint;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private String answer() {
        return TestWeb.okBody(TestWeb.patient(http).get().uri("/answer"));
    }

    /** Waits (at most 30 s) for the watcher to apply a change. */
    private static void await(Callable<Boolean> done) {
        Awaitility.await("the change was applied in time")
                .atMost(Duration.ofSeconds(30))
                .until(done);
    }

    @Test
    void anEditedWatChangesTheAnswerAndABrokenOneLeavesItAsItWas() throws Exception {
        assertThat(answer()).contains("42");
        RegisteredFunction same = registry.function("live:same").orElseThrow();

        AnswerFolder.write(folder, "answer.wat", AnswerFolder.wat(43));
        await(() -> answer().contains("43"));
        assertThat(registry.function("live:same").orElseThrow()).isSameAs(same);
        assertThat(registry.lastApplyFailure()).isNull();

        AnswerFolder.write(folder, "answer.wat", "(module (func (export \"answer\"");
        await(() -> registry.lastApplyFailure() != null);
        assertThat(registry.lastApplyFailure().getMessage()).contains("live:answer");
        assertThat(answer()).contains("43");
        assertThat(registry.call("live:answer")).isEqualTo(43);
        assertThat(endpoint.registry().get("lastChangeFailed")).asString().contains("live:answer");

        AnswerFolder.write(folder, "answer.wat", AnswerFolder.wat(44));
        await(() -> answer().contains("44"));
        assertThat(registry.lastApplyFailure()).isNull();
        assertThat(endpoint.registry()).doesNotContainKey("lastChangeFailed");
    }

    private int status(String path) {
        return http.get()
                .uri(path)
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .value();
    }

    private boolean poolMetered(String function) {
        return meters.find("wippy.pool.instances")
                        .tag("function", function)
                        .gauges()
                        .size()
                == 2;
    }

    /** An endpoint added while running is routed from the next request on, with its pool's meters; removed, it is gone. */
    @Test
    void anAddedEndpointIsServedAndMeteredWithoutARestartAndARemovedOneIsGone() throws Exception {
        assertThat(status("/twice")).isEqualTo(404);
        assertThat(poolMetered("live:twice")).isFalse();
        String added = INDEX + """
                  - name: twice
                    kind: function.wat
                    method: twice
                    wit: "twice: func(x: s32) -> s32;"
                    source: '(module (func (export "twice") (param i32) (result i32) local.get 0 i32.const 2 i32.mul))'
                    pool: { type: lazy, max_size: 2 }
                  - { name: twice_get, kind: http.endpoint, method: GET, path: /twice, func: twice }
                """;
        try {
            AnswerFolder.write(folder, "_index.yaml", added);
            await(() -> status("/twice?x=21") == 200);
            assertThat(http.get()
                            .uri("/twice?x=21")
                            .exchange()
                            .expectBody(String.class)
                            .returnResult()
                            .getResponseBody())
                    .isEqualTo("42");
            assertThat(poolMetered("live:twice")).isTrue();
            assertThat(TestMeters.gauge(meters, "wippy.pool.max", "function", "live:twice"))
                    .isEqualTo(2.0);
        } finally {
            AnswerFolder.write(folder, "_index.yaml", INDEX);
        }
        await(() -> status("/twice?x=21") == 404);
        assertThat(poolMetered("live:twice")).isFalse();
        assertThat(status("/answer")).isEqualTo(200);
    }
}
