package ai.wippy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.Actor;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.engine.EngineMode;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.FunctionCaller;
import ai.wippy.spi.RuntimeSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

/**
 * The core's {@code wasi:http/incoming-handler} server without any web framework, against
 * {@code http-pause/pause.wasm} (freestanding C): it sets its response, writes {@code before}, copies
 * the request body as it arrives and ends with {@code after}. A body the guest finished before the
 * response left comes back whole (one write, fixed length); a guest that waits for the request body
 * gets its response sent first, the body streaming. The call is checked like any other: a caller
 * without {@code funcs.call} on the entry, and an anonymous one, are denied.
 */
class WasiHttpHandlerTest {

    static final String YAML = """
            version: "1.0"
            namespace: web
            entries:
              - { name: fixtures, kind: fs.directory, directory: src/test/fixtures/component }
              - name: callers
                kind: security.policy
                groups: [web]
                policy: { actions: funcs.call, resources: "web:*", effect: allow }
              - name: pause
                kind: function.wasm
                fs: fixtures
                path: http-pause/pause.wasm
                method: "wasi:http/incoming-handler#handle"
                transport: wasi-http
                imports: [wasi:http]
                pool: { type: static, size: 1 }
            """;

    private static final Duration SAFETY = Duration.ofSeconds(60);

    static WasmRegistry registry;

    @BeforeAll
    static void start() {
        // as the Spring starter runs it: with policies in force, a call without an actor is denied
        registry = WasmRegistry.builder()
                .document(TestRegistries.doc(YAML))
                .settings(new RuntimeSettings(EngineMode.COMPILER, false, Map.of(), true))
                .build();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static FunctionCaller as(String group) {
        return registry.caller()
                .withActor(Actor.of("u-" + group))
                .withScope(registry.policies().scopeForGroups(List.of(group)));
    }

    private static WasiHttpHandler.Request request(String method, Sinks.Many<byte[]> body) {
        return new WasiHttpHandler.Request(
                method,
                "/pause?x=1",
                "http",
                "localhost",
                List.of(Map.entry("accept", "*/*")),
                body == null ? null : body.asFlux());
    }

    @Test
    void aBodyFinishedBeforeTheResponseLeavesComesBackWhole() {
        WasiHttpHandler.Response response = new WasiHttpHandler(registry, "web:pause")
                .handle(as("web"), request("GET", null))
                .block(SAFETY);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).contains(Map.entry("x-served-by", "pause"));
        assertThat(response.stream()).isNull();
        assertThat(new String(response.whole(), StandardCharsets.UTF_8)).isEqualTo("before\nafter\n");
    }

    @Test
    void theResponseLeavesWhenTheGuestWaitsAndItsBodyStreams() {
        Sinks.Many<byte[]> body = Sinks.many().unicast().onBackpressureBuffer();
        // nothing of the request body has arrived: the guest is blocked reading it when this returns
        WasiHttpHandler.Response response = new WasiHttpHandler(registry, "web:pause")
                .handle(as("web"), request("POST", body))
                .block(SAFETY);

        assertThat(response.whole()).isNull();
        assertThat(response.stream()).isNotNull();
        body.tryEmitNext("late ".getBytes(StandardCharsets.UTF_8));
        body.tryEmitNext("body\n".getBytes(StandardCharsets.UTF_8));
        body.tryEmitComplete();
        String sent = String.join(
                "",
                response.stream()
                        .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                        .collectList()
                        .block(SAFETY));
        assertThat(sent).isEqualTo("before\nlate body\nafter\n");
    }

    @Test
    void aCallerWithoutThePolicyAndAnAnonymousOneAreDenied() {
        WasiHttpHandler handler = new WasiHttpHandler(registry, "web:pause");
        assertThatThrownBy(
                        () -> handler.handle(as("other"), request("GET", null)).block(SAFETY))
                .isInstanceOfSatisfying(
                        WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED));
        assertThatThrownBy(() ->
                        handler.handle(registry.caller(), request("GET", null)).block(SAFETY))
                .isInstanceOfSatisfying(
                        WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED));
    }
}
