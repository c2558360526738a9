package ai.wippy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.call.WouldWait;
import ai.wippy.spi.FunctionCaller;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Asynchronous calls made from a thread that must not block (a Reactor non-blocking thread stands
 * for a server's event loop): a function whose effects stay inside its instance (a core module
 * without imports, a component importing only clocks and poll) runs right there, checked like any
 * call; one that would wait there (its guest waiting on a timer) moves to the dispatcher, answers
 * the same, and goes there directly from then on; one that ran longer than 5 ms there goes to the
 * dispatcher until its runs there are seen quick again (one that is slow wherever it runs stays); one
 * with {@code max_execution_ms} never starts on the loop.
 */
class NonBlockingCallerTest {

    static final Path SLEEPER =
            Path.of("src/test/fixtures/component/clock-sleep").toAbsolutePath();

    /** A guest that counts to its argument: as slow as it is asked to be. */
    static final String SPIN = "(module (func (export \"spin\") (param $n i32) (result i32) (local $i i32)"
            + " (loop $again (local.set $i (i32.add (local.get $i) (i32.const 1)))"
            + " (br_if $again (i32.lt_u (local.get $i) (local.get $n)))) (local.get $i)))";

    static WasmRegistry registry;

    @BeforeAll
    static void start() {
        String yaml = """
                version: "1.0"
                namespace: nb
                entries:
                  - name: callers
                    kind: security.policy
                    groups: [nb]
                    policy: { actions: funcs.call, resources: "nb:*", effect: allow }
                  - { name: bin, kind: fs.directory, directory: "%1$s" }
                  - name: add
                    kind: function.wat
                    method: add
                    source: '(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))'
                    wit: "add: func(a: s32, b: s32) -> s32;"
                    pool: { type: static, size: 1 }
                  - name: elapsed
                    kind: function.wasm
                    fs: bin
                    path: clock-sleep.wasm
                    method: "wippy:sample/sleeper#elapsed-ms"
                    imports: [wasi:clocks, wasi:poll]
                    pool: { type: static, size: 1 }
                  - name: spin
                    kind: function.wat
                    method: spin
                    source: '%2$s'
                    wit: "spin: func(n: u32) -> u32;"
                  - name: spin2
                    kind: function.wat
                    method: spin
                    source: '%2$s'
                    wit: "spin: func(n: u32) -> u32;"
                  - name: limited
                    kind: function.wat
                    method: add
                    source: '(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))'
                    wit: "add: func(a: s32, b: s32) -> s32;"
                    limits: { max_execution_ms: 1000 }
                """.formatted(SLEEPER, SPIN);
        // with policies in force: a call without an actor is denied
        registry = TestRegistries.secured(yaml);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    private static FunctionCaller as(String group) {
        return TestRegistries.member(registry, "u-", group);
    }

    /** The result and the thread it came back on. */
    private record Answer(Object value, String thread) {}

    private static Answer onLoop(FunctionCaller caller, String id, Object... args) {
        return caller.callAsync(id, args)
                .map(v -> new Answer(v, Thread.currentThread().getName()))
                .subscribeOn(Schedulers.single()) // Reactor's non-blocking single thread stands for a loop
                .block(Duration.ofSeconds(30));
    }

    @Test
    void aModuleWithoutImportsRunsOnTheLoopAndCallersAreStillChecked() {
        Answer a = onLoop(as("nb"), "nb:add", 6, 7);
        assertThat(a.value()).isEqualTo(13);
        assertThat(a.thread()).startsWith("single");

        assertThatThrownBy(() -> onLoop(as("other"), "nb:add", 6, 7))
                .isInstanceOfSatisfying(
                        WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED));
        assertThatThrownBy(() -> onLoop(registry.caller(), "nb:add", 6, 7))
                .isInstanceOfSatisfying(
                        WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED));
    }

    @Test
    void aGuestThatWaitsMovesToTheDispatcherOnceAndItsNextCallsGoThereDirectly() {
        var pool = registry.function("nb:elapsed").orElseThrow().pool();
        long discarded = pool.stats().discarded();

        // long enough that the guest is sure to reach its wait before the timer fires
        Answer first = onLoop(as("nb"), "nb:elapsed", 300);
        assertThat((Long) first.value()).isBetween(300L, 5_000L);
        assertThat(first.thread()).doesNotStartWith("single");
        assertThat(pool.stats().discarded()).as("the run stopped on the loop").isEqualTo(discarded + 1);

        Answer second = onLoop(as("nb"), "nb:elapsed", 10);
        assertThat((Long) second.value()).isBetween(10L, 5_000L);
        assertThat(second.thread()).doesNotStartWith("single");
        assertThat(pool.stats().discarded()).as("straight to the dispatcher").isEqualTo(discarded + 1);
    }

    @Test
    void aGuestThatRanLongOnTheLoopGoesToTheDispatcherUntilItRunsQuickThereThenTriesTheLoopAgain() {
        long started = System.nanoTime();
        Answer first = onLoop(as("nb"), "nb:spin", 50_000_000);
        assertThat(first.value()).isEqualTo(50_000_000L);
        assertThat(first.thread()).startsWith("single");
        assertThat(System.nanoTime() - started).isGreaterThan(WouldWait.LONGEST_ON_A_LOOP_NANOS);

        // one slow run is often a cold one: the runs on the dispatcher are timed, and after enough
        // quick ones in a row there the loop is tried again
        for (int i = 1; i < WouldWait.QUICK_RUNS_TO_RETURN; i++) {
            Answer away = onLoop(as("nb"), "nb:spin", 10);
            assertThat(away.value()).isEqualTo(10L);
            assertThat(away.thread()).as("quick run %d on the dispatcher", i).doesNotStartWith("single");
        }
        // a busy machine may make one of them slow, which starts the count again: allow for a few
        Answer back = null;
        for (int i = 0; i < 8 * WouldWait.QUICK_RUNS_TO_RETURN; i++) {
            back = onLoop(as("nb"), "nb:spin", 10);
            if (back.thread().startsWith("single")) {
                break;
            }
        }
        assertThat(back.value()).isEqualTo(10L);
        assertThat(back.thread()).startsWith("single");
    }

    @Test
    void aGuestSlowWhereverItRunsStaysOnTheDispatcher() {
        Answer first = onLoop(as("nb"), "nb:spin2", 50_000_000);
        assertThat(first.thread()).startsWith("single");
        // slow on the dispatcher too: it never comes back
        for (int i = 0; i < 4; i++) {
            assertThat(onLoop(as("nb"), "nb:spin2", 50_000_000).thread()).doesNotStartWith("single");
        }
        for (int i = 0; i < WouldWait.QUICK_RUNS_TO_RETURN - 1; i++) {
            assertThat(onLoop(as("nb"), "nb:spin2", 10).thread()).doesNotStartWith("single");
        }
    }

    @Test
    void aFunctionWithAnExecutionLimitRunsOnTheDispatcher() {
        Answer a = onLoop(as("nb"), "nb:limited", 6, 7);
        assertThat(a.value()).isEqualTo(13);
        assertThat(a.thread()).doesNotStartWith("single");
    }

    @Test
    void fromAThreadThatMayBlockTheCallStillGoesToTheDispatcher() {
        Answer a = Mono.defer(() -> as("nb").callAsync("nb:add", 6, 7))
                .map(v -> new Answer(v, Thread.currentThread().getName()))
                .block(Duration.ofSeconds(30));
        assertThat(a.value()).isEqualTo(13);
        assertThat(a.thread()).isNotEqualTo(Thread.currentThread().getName());
    }
}
