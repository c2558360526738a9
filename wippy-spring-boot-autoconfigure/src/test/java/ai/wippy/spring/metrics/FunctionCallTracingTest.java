package ai.wippy.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.spring.TestWeb;
import ai.wippy.spring.WebAppTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every registry call is a {@code wippy.function.call} observation: with Micrometer Tracing over
 * OpenTelemetry, the calls of one request are spans of one trace, each nested under its caller (the
 * HTTP request, then Java -> WASM -> Lua -> WASM through {@code wippy:runtime/funcs} and Lua's {@code
 * funcs}), carrying the function, its kind, the outcome and the actor; the {@code
 * wippy.function.calls} timer counts each call once.
 */
@WebAppTest(
        value = TracingApp.class,
        properties = {
            "wippy.registry.locations=classpath*:wippy-tracing/_index.yaml",
            "wippy.security.authority-groups.ROLE_USER=users",
            "management.tracing.sampling.probability=1.0"
        })
@AutoConfigureTracing
class FunctionCallTracingTest {

    static final AttributeKey<String> FUNCTION = AttributeKey.stringKey("function");
    static final AttributeKey<String> KIND = AttributeKey.stringKey("kind");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    static final AttributeKey<String> ACTOR = AttributeKey.stringKey("actor");

    @Autowired
    WebTestClient http;

    @Autowired
    InMemorySpanExporter exporter;

    @Autowired
    SdkTracerProvider tracerProvider;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void clear() throws Exception {
        tracerProvider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
        exporter.reset();
    }

    private String get(String uri, String user, String password) {
        return TestWeb.patient(http)
                .get()
                .uri(uri)
                .headers(h -> h.setBasicAuth(user, password))
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    /** The finished spans, once the server span of {@code path} is among them (it ends after the response is sent). */
    private List<SpanData> finished(String path) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (true) {
            tracerProvider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
            List<SpanData> spans = exporter.getFinishedSpanItems();
            if (spans.stream().anyMatch(s -> isServerSpanOf(s, path)) || System.nanoTime() > deadline) {
                return spans;
            }
            Thread.sleep(20);
        }
    }

    private static boolean isServerSpanOf(SpanData s, String path) {
        return s.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER
                && path.equals(s.getAttributes().get(AttributeKey.stringKey("uri")));
    }

    private static SpanData call(List<SpanData> spans, String function) {
        List<SpanData> found = spans.stream()
                .filter(s -> function.equals(s.getAttributes().get(FUNCTION)))
                .toList();
        assertThat(found).as("spans of %s among %s", function, spans).hasSize(1);
        return found.get(0);
    }

    /**
     * Asserts that the first call of {@code chain} runs inside {@code request} (its parent is the request's
     * span or one below it, Spring Security's for instance) and that each next call's parent is the
     * previous call, all in one trace.
     */
    private static void assertNested(List<SpanData> spans, SpanData request, String... chain) {
        Map<String, SpanData> byId = spans.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
        SpanData first = call(spans, chain[0]);
        SpanData above = byId.get(first.getParentSpanId());
        while (above != null && !above.equals(request)) {
            assertThat(above.getAttributes().get(FUNCTION))
                    .as("a call between the request and %s", chain[0])
                    .isNull();
            above = byId.get(above.getParentSpanId());
        }
        assertThat(above).as("the request above %s", chain[0]).isEqualTo(request);
        SpanData parent = first;
        for (int i = 1; i < chain.length; i++) {
            SpanData span = call(spans, chain[i]);
            assertThat(span.getTraceId()).as("trace of %s", chain[i]).isEqualTo(request.getTraceId());
            assertThat(byId.get(span.getParentSpanId()))
                    .as("parent of %s", chain[i])
                    .isEqualTo(parent);
            parent = span;
        }
    }

    private static SpanData httpSpan(List<SpanData> spans, String path) {
        List<SpanData> found = spans.stream()
                .filter(s -> s.getName().contains(path)
                        || path.equals(s.getAttributes().get(AttributeKey.stringKey("uri"))))
                .toList();
        assertThat(found).as("the server span of %s among %s", path, spans).hasSize(1);
        return found.get(0);
    }

    @Test
    void aJavaCallNestsWasmLuaAndWasmUnderTheRequest() throws Exception {
        assertThat(get("/java", "bob", "b")).contains("13");
        List<SpanData> spans = finished("/java");
        SpanData request = httpSpan(spans, "/java");
        assertNested(spans, request, "tr:relay", "tr:hop", "tr:add");
        SpanData relay = call(spans, "tr:relay");
        assertThat(relay.getName()).isEqualTo("wippy tr:relay");
        assertThat(relay.getAttributes().get(KIND)).isEqualTo("function.wat");
        assertThat(call(spans, "tr:hop").getAttributes().get(KIND)).isEqualTo("function.lua");
        for (String f : List.of("tr:relay", "tr:hop", "tr:add")) {
            assertThat(call(spans, f).getAttributes().get(ACTOR))
                    .as("actor of %s", f)
                    .isEqualTo("bob");
            assertThat(call(spans, f).getAttributes().get(OUTCOME)).isEqualTo("success");
        }
    }

    @Test
    void anAsynchronousCallNestsUnderTheRequestToo() throws Exception {
        assertThat(get("/async", "bob", "b")).contains("13");
        List<SpanData> spans = finished("/async");
        assertNested(spans, httpSpan(spans, "/async"), "tr:relay", "tr:hop", "tr:add");
        assertThat(call(spans, "tr:add").getAttributes().get(ACTOR)).isEqualTo("bob");
    }

    @Test
    void anHttpEndpointIsASpanAndSoIsEveryCallItMakes() throws Exception {
        assertThat(get("/chain", "bob", "b")).contains("13");
        List<SpanData> spans = finished("/chain");
        assertNested(spans, httpSpan(spans, "/chain"), "tr:chain", "tr:relay", "tr:hop", "tr:add");
        assertThat(call(spans, "tr:chain").getAttributes().get(ACTOR)).isEqualTo("bob");
    }

    @Test
    void aProcessRunIsASpanWithItsPidUnderTheSpawnerAndItsCallsUnderIt() throws Exception {
        assertThat(get("/supervise", "bob", "b")).contains("\"code\":0").contains("\"same\":true");
        List<SpanData> spans = finished("/supervise");
        assertNested(spans, httpSpan(spans, "/supervise"), "tr:supervise", "tr:worker", "tr:add");
        SpanData worker = call(spans, "tr:worker");
        assertThat(worker.getAttributes().get(KIND)).isEqualTo("process");
        assertThat(worker.getAttributes().get(OUTCOME)).isEqualTo("success");
        assertThat(worker.getAttributes().get(AttributeKey.stringKey("pid"))).matches("[1-9][0-9]*");
    }

    @Test
    void aDeniedCallIsASpanWithItsOutcomeAndActor() throws Exception {
        get("/java", "eve", "e");
        List<SpanData> spans = finished("/java");
        SpanData relay = call(spans, "tr:relay");
        assertThat(relay.getAttributes().get(OUTCOME)).isEqualTo("permission_denied");
        assertThat(relay.getAttributes().get(ACTOR)).isEqualTo("eve");
        assertThat(relay.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
        assertThat(spans).noneMatch(s -> "tr:hop".equals(s.getAttributes().get(FUNCTION)));
    }

    @Test
    void theCallTimerCountsEachCallOnceFromTheSameObservation() throws Exception {
        double before = count("tr:add");
        get("/java", "bob", "b");
        assertThat(count("tr:add")).isEqualTo(before + 1);
        // Boot's default meter handler would have made a second timer named after the observation
        assertThat(meters.find("wippy.function.call").meters()).isEmpty();
        assertThat(meters.find("wippy.function.call.active").meters()).isEmpty();
    }

    private double count(String function) {
        var timer = meters.find("wippy.function.calls")
                .tags("function", function, "outcome", "success")
                .timer();
        return timer == null ? 0 : timer.count();
    }
}
