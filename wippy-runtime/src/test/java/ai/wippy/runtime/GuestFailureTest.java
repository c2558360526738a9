package ai.wippy.runtime;

import static ai.wippy.runtime.TestRegistries.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.call.ErrorKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Traps, timeouts and cancellation with real guests: the instance is discarded, the runtime keeps serving. */
class GuestFailureTest {

    static final String YAML = """
            version: "1.0"
            namespace: t
            entries:
              - name: counter
                kind: function.wat
                method: next
                pool: { type: static, size: 1 }
                source: |
                  (module
                    (global $n (mut i32) (i32.const 0))
                    (func (export "next") (result i32)
                      global.get $n i32.const 1 i32.add global.set $n global.get $n))
              - name: crash
                kind: function.wat
                method: run
                wit: "run: func(boom: bool) -> s32;"
                pool: { type: static, size: 1 }
                source: |
                  (module
                    (global $n (mut i32) (i32.const 0))
                    (func (export "run") (param i32) (result i32)
                      global.get $n i32.const 1 i32.add global.set $n
                      local.get 0
                      if unreachable end
                      global.get $n))
              - name: spin
                kind: function.wat
                method: spin
                limits: { max_execution_ms: 200 }
                pool: { type: static, size: 1 }
                source: |
                  (module (func (export "spin") (loop $l (br $l))))
              - name: spin-forever
                kind: function.wat
                method: spin
                pool: { type: lazy, max_size: 2 }
                source: |
                  (module (func (export "spin") (loop $l (br $l))))
              - name: deep
                kind: function.wat
                method: deep
                source: |
                  (module (func $d (export "deep") (call $d)))
            """;

    @Test
    void instancesKeepStateBetweenCallsOfAStaticPool() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            assertThat(r.call("t:counter")).isEqualTo(1);
            assertThat(r.call("t:counter")).isEqualTo(2);
        }
    }

    @Test
    void aTrapIsReportedAndTheTrappedInstanceDiscarded() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            assertThat(r.call("t:crash", false)).isEqualTo(1);
            assertThat(r.call("t:crash", false)).isEqualTo(2);
            failsWith(ErrorKind.TRAPPED, () -> r.call("t:crash", true)).hasMessageContaining("t:crash");
            assertThat(r.call("t:crash", false))
                    .as("a fresh instance: its counter restarted")
                    .isEqualTo(1);
            assertThat(r.function("t:crash").orElseThrow().pool().stats().discarded())
                    .isEqualTo(1);
        }
    }

    @Test
    void stackExhaustionIsATrap() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            failsWith(ErrorKind.TRAPPED, () -> r.call("t:deep"));
        }
    }

    @Test
    void maxExecutionStopsAnInfiniteLoop() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            long start = System.nanoTime();
            failsWith(ErrorKind.TIMEOUT, () -> r.call("t:spin"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(r.function("t:spin").orElseThrow().pool().stats().discarded())
                    .isEqualTo(1);
            assertThat(Thread.currentThread().isInterrupted())
                    .as("the alarm's interrupt does not leak")
                    .isFalse();
            assertThat(r.call("t:counter")).as("the runtime keeps serving").isEqualTo(1);
        }
    }

    @Test
    void aCallerTimeoutStopsTheGuest() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            failsWith(
                    ErrorKind.TIMEOUT,
                    () -> r.caller().withTimeout(Duration.ofMillis(100)).call("t:spin-forever"));
            assertThat(r.function("t:spin-forever").orElseThrow().pool().stats().busy())
                    .isZero();
        }
    }

    @Test
    void disposingTheMonoCancelsTheGuestAndFreesItsSlot() throws Exception {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            var pool = r.function("t:spin-forever").orElseThrow().pool();
            assertThat(TestRegistries.disposeWhileRunning(pool, r.callAsync("t:spin-forever")))
                    .isEqualTo(1);
            assertThat(pool.stats().busy()).isZero();
            assertThat(pool.stats().discarded()).isEqualTo(1);
        }
    }

    @Test
    void manyConcurrentCallsThroughTheRuntimeAreAllAnswered() throws Exception {
        try (WasmRegistry r = TestRegistries.runtime(WatFunctionTest.YAML)) {
            List<Future<Object>> futures = new ArrayList<>();
            try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 2_000; i++) {
                    int n = i;
                    futures.add(exec.submit(() -> r.call("demo:add", n, 1)));
                }
                for (int i = 0; i < futures.size(); i++) {
                    assertThat(futures.get(i).get()).isEqualTo(i + 1);
                }
            }
        }
    }
}
