package ai.wippy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.FunctionCaller;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The core's {@code wasi:http/incoming-handler} server without any web framework, against
 * {@code http-pause/pause.wasm} (freestanding C): it sets its response, writes {@code before}, copies
 * the request body as it arrives and ends with {@code after}. A body the guest finished before the
 * response left comes back whole (one write, fixed length); a guest that waits for the request body
 * gets its response sent first, the body streaming. The call is checked like any other: a caller
 * without {@code funcs.call} on the entry, and an anonymous one, are denied. Requests that arrive on
 * a thread that must not block (Reactor's non-blocking threads stand for a server's event loop, as
 * Reactor Netty's are): one without a body to a component whose imports act only on its instance
 * runs there, with no hop to the dispatcher, checked like any other call; where it would wait (its
 * pool busy, its guest waiting for a timer) it moves to the dispatcher and is answered exactly as
 * there. {@code sleepy.wasm} waits 200 ms on a clock and sets no response.
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
              - name: sleepy
                kind: function.wasm
                fs: fixtures
                path: wasi-http-wat/sleepy.wasm
                method: "wasi:http/incoming-handler#handle"
                transport: wasi-http
                imports: [wasi:http, wasi:clocks, wasi:poll]
                pool: { type: static, size: 1 }
            """;

    private static final Duration SAFETY = Duration.ofSeconds(60);

    static WasmRegistry registry;
    /** A caller the policy allows, and one of another group. */
    static FunctionCaller web;

    static FunctionCaller other;
    /** Stands for a server's event loop: a non-blocking thread, as Reactor Netty's are. */
    static Scheduler loop;

    @BeforeAll
    static void start() {
        // as the Spring starter runs it: with policies in force, a call without an actor is denied
        registry = TestRegistries.secured(YAML);
        web = TestRegistries.member(registry, "u-", "web");
        other = TestRegistries.member(registry, "u-", "other");
        loop = Schedulers.newParallel("loop", 1);
    }

    /**
     * A response leaves before its guest gives the instance back: each test starts once the pools are
     * idle, so a request meant for the loop does not find the last test's instance still busy.
     */
    @BeforeEach
    void poolsIdle() {
        long until = System.nanoTime() + SAFETY.toNanos();
        for (String id : List.of("web:pause", "web:sleepy")) {
            idle(id, until);
        }
    }

    /** Waits (until {@code until}, {@link System#nanoTime}) for {@code id}'s pool to have no busy instance. */
    private static void idle(String id, long until) {
        var pool = registry.function(id).orElseThrow().pool();
        while (pool.stats().busy() > 0 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    @AfterAll
    static void stop() {
        loop.dispose();
        registry.close();
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
                .handle(web, request("GET", null))
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
                .handle(web, request("POST", body))
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
        assertThatThrownBy(() -> handler.handle(other, request("GET", null)).block(SAFETY))
                .isInstanceOfSatisfying(
                        WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED));
        assertThatThrownBy(() ->
                        handler.handle(registry.caller(), request("GET", null)).block(SAFETY))
                .isInstanceOfSatisfying(
                        WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED));
    }

    // On a thread that must not block (the event loop stands in): a request without a body to a
    // component whose imports act only on its instance runs there; where it would wait it moves.

    /** What the response said and the thread it came back on. */
    private record Answer(WasiHttpHandler.Response response, String thread) {
        String body() {
            return new String(response.whole(), StandardCharsets.UTF_8);
        }
    }

    /** The request handled as an event loop would: subscribed on one of the loop's threads. */
    private static Mono<Answer> onLoop(WasiHttpHandler handler, FunctionCaller caller) {
        return handler.handle(caller, request("GET", null))
                .map(r -> new Answer(r, Thread.currentThread().getName()))
                .subscribeOn(loop);
    }

    /**
     * Serves requests off the loop until one arriving on the loop would start there. A run on the
     * loop that took longer than a loop may be held (a cold first run, a collector's pause on a busy
     * machine) sends the function to the dispatcher until its runs there are quick again; the tests
     * that check the loop path start once it is back, so they check the path and not the machine's
     * load.
     */
    private static void loopWelcomes(WasiHttpHandler handler, String id) {
        long until = System.nanoTime() + SAFETY.toNanos();
        while (!Mono.fromCallable(() -> registry.mayRunHere(id))
                .subscribeOn(loop)
                .block(SAFETY)) {
            assertThat(System.nanoTime()).as("%s back on the loop", id).isLessThan(until);
            assertThat(handler.handle(web, request("GET", null)).block(SAFETY).status())
                    .isEqualTo(200);
        }
        idle(id, until); // the last response left before its guest gave the instance back
    }

    @Test
    void aRequestWithoutBodyRunsOnTheLoopThreadItArrivedOn() {
        WasiHttpHandler handler = new WasiHttpHandler(registry, "web:pause");
        loopWelcomes(handler, "web:pause");
        Answer a = onLoop(handler, web).block(SAFETY);

        assertThat(a.thread()).startsWith("loop");
        assertThat(a.response().status()).isEqualTo(200);
        assertThat(a.response().headers()).contains(Map.entry("x-served-by", "pause"));
        assertThat(a.body()).isEqualTo("before\nafter\n");
    }

    @Test
    void onTheLoopACallerWithoutThePolicyAndAnAnonymousOneAreDenied() {
        WasiHttpHandler handler = new WasiHttpHandler(registry, "web:pause");
        loopWelcomes(handler, "web:pause");
        assertThatThrownBy(() -> onLoop(handler, other).block(SAFETY))
                .isInstanceOfSatisfying(
                        WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED));
        assertThatThrownBy(() -> onLoop(handler, registry.caller()).block(SAFETY))
                .isInstanceOfSatisfying(
                        WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED));
        assertThat(onLoop(handler, web).block(SAFETY).thread()).startsWith("loop");
    }

    @Test
    void aBusyPoolMovesTheCallToTheDispatcherAndTheNextOneRunsOnTheLoopAgain() {
        WasiHttpHandler handler = new WasiHttpHandler(registry, "web:pause");
        loopWelcomes(handler, "web:pause");
        // the pool's one instance is held by a guest blocked reading a body that has not arrived
        Sinks.Many<byte[]> body = Sinks.many().unicast().onBackpressureBuffer();
        WasiHttpHandler.Response held =
                handler.handle(web, request("POST", body)).block(SAFETY);
        assertThat(held.stream()).isNotNull();

        Mono<Answer> waiting = onLoop(handler, web).cache();
        waiting.subscribe();
        // moved off the loop, it waits for the instance on the dispatcher
        var pool = registry.function("web:pause").orElseThrow().pool();
        long until = System.nanoTime() + SAFETY.toNanos();
        while (pool.stats().queued() == 0 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(pool.stats().queued()).isEqualTo(1);
        body.tryEmitNext("x\n".getBytes(StandardCharsets.UTF_8));
        body.tryEmitComplete();
        held.stream().blockLast(SAFETY);
        Answer moved = waiting.block(SAFETY);

        assertThat(moved.thread()).doesNotStartWith("loop");
        assertThat(moved.body()).isEqualTo("before\nafter\n");
        // a busy pool says nothing of the guest: once the instance is back (the response leaves
        // before the guest returns it), the next request is served on the loop again
        while (pool.stats().busy() > 0 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(onLoop(handler, web).block(SAFETY).thread()).startsWith("loop");
    }

    @Test
    void aGuestThatWaitsIsMovedToTheDispatcherAnsweredTheSameAndItsNextCallsGoThereDirectly() {
        WasiHttpHandler handler = new WasiHttpHandler(registry, "web:sleepy");
        long discardedBefore = discarded("web:sleepy");
        long started = System.nanoTime();

        // sleepy sets no response: the failure is the dispatcher's run of it, not the stopped one's
        assertThatThrownBy(() -> onLoop(handler, web).block(SAFETY))
                .isInstanceOfSatisfying(
                        WippyException.class, e -> assertThat(e.getMessage()).contains("without setting a response"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        // the instance stopped on the loop was discarded, once
        assertThat(discarded("web:sleepy")).isEqualTo(discardedBefore + 1);

        assertThatThrownBy(() -> onLoop(handler, web).block(SAFETY))
                .isInstanceOfSatisfying(
                        WippyException.class, e -> assertThat(e.getMessage()).contains("without setting a response"));
        assertThat(discarded("web:sleepy")).isEqualTo(discardedBefore + 1);
    }

    private static long discarded(String id) {
        return registry.function(id).orElseThrow().pool().stats().discarded();
    }
}
