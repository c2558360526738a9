package ai.wippy.spring.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.RegisteredFunction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A running application whose registry folder changes: an edited {@code .wat} changes the answer of its
 * HTTP endpoint without a restart; a broken edit leaves it answering the old way (and the failure is
 * kept); an entry that did not change keeps its function, and so its pool.
 */
@SpringBootTest(
        classes = LiveRegistryTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "wippy.registry.locations=classpath*:no-such-folder/_index.yaml",
            "wippy.registry.watch=true",
            "management.endpoints.web.exposure.include=wippy"
        })
@AutoConfigureWebTestClient
class LiveRegistryTest {

    @TempDir
    static Path folder;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        /** The endpoint is open: this test is about the registry, not about who may call. */
        @org.springframework.context.annotation.Bean
        org.springframework.security.web.server.SecurityWebFilterChain open(
                org.springframework.security.config.web.server.ServerHttpSecurity http) {
            return http.authorizeExchange(e -> e.anyExchange().permitAll()).build();
        }
    }

    static final String INDEX = """
            version: "1.0"
            namespace: live
            entries:
              - name: answer
                kind: function.wat
                method: answer
                wit: "answer: func() -> s32;"
                source: file://answer.wat
              - name: same
                kind: function.wat
                method: f
                wit: "f: func() -> s32;"
                source: '(module (func (export "f") (result i32) i32.const 7))'
              - { name: answer_get, kind: http.endpoint, method: GET, path: /answer, func: answer }
            """;

    static String wat(int answer) {
        return "(module (func (export \"answer\") (result i32) i32.const " + answer + "))";
    }

    @DynamicPropertySource
    static void registry(DynamicPropertyRegistry properties) throws IOException {
        Files.writeString(folder.resolve("_index.yaml"), INDEX, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("answer.wat"), wat(42), StandardCharsets.UTF_8);
        properties.add("wippy.registry.directories", () -> folder.toString());
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
        return http.mutate()
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .get()
                .uri("/answer")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    /** Waits (at most 30 s) for the watcher to apply a change. */
    private static void await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("the change was applied in time").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void anEditedWatChangesTheAnswerAndABrokenOneLeavesItAsItWas() throws Exception {
        assertThat(answer()).contains("42");
        RegisteredFunction same = registry.function("live:same").orElseThrow();

        Files.writeString(folder.resolve("answer.wat"), wat(43), StandardCharsets.UTF_8);
        await(() -> answer().contains("43"));
        assertThat(registry.function("live:same").orElseThrow()).isSameAs(same);
        assertThat(registry.lastApplyFailure()).isNull();

        Files.writeString(folder.resolve("answer.wat"), "(module (func (export \"answer\"", StandardCharsets.UTF_8);
        await(() -> registry.lastApplyFailure() != null);
        assertThat(registry.lastApplyFailure().getMessage()).contains("live:answer");
        assertThat(answer()).contains("43");
        assertThat(registry.call("live:answer")).isEqualTo(43);
        assertThat(endpoint.registry().get("lastChangeFailed")).asString().contains("live:answer");

        Files.writeString(folder.resolve("answer.wat"), wat(44), StandardCharsets.UTF_8);
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
            Files.writeString(folder.resolve("_index.yaml"), added, StandardCharsets.UTF_8);
            await(() -> status("/twice?x=21") == 200);
            assertThat(http.get()
                            .uri("/twice?x=21")
                            .exchange()
                            .expectBody(String.class)
                            .returnResult()
                            .getResponseBody())
                    .isEqualTo("42");
            assertThat(poolMetered("live:twice")).isTrue();
            assertThat(meters.get("wippy.pool.max")
                            .tag("function", "live:twice")
                            .gauge()
                            .value())
                    .isEqualTo(2.0);
        } finally {
            Files.writeString(folder.resolve("_index.yaml"), INDEX, StandardCharsets.UTF_8);
        }
        await(() -> status("/twice?x=21") == 404);
        assertThat(poolMetered("live:twice")).isFalse();
        assertThat(status("/answer")).isEqualTo(200);
    }
}
