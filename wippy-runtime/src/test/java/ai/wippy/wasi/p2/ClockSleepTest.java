package ai.wippy.wasi.p2;

import static ai.wippy.runtime.TestRegistries.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.call.ErrorKind;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * A component that sleeps through wasi:clocks and wasi:io/poll (fixtures/component/clock-sleep):
 * waits park the guest, cancellation and deadlines stop it, and the grant is required.
 */
class ClockSleepTest {

    static final Path FIXTURE =
            Path.of("src/test/fixtures/component/clock-sleep").toAbsolutePath();

    static WasmRegistry runtime(Path dir, String imports, String pool) {
        String yaml = """
                version: "1.0"
                namespace: t
                entries:
                  - { name: bin, kind: fs.directory, directory: "%s" }
                  - name: sleep
                    kind: function.wasm
                    fs: bin
                    path: clock-sleep.wasm
                    method: "sleeper#sleep-ms"
                    imports: [%s]
                    pool: %s
                    limits: { max_execution_ms: 2000 }
                  - name: elapsed
                    kind: function.wasm
                    fs: bin
                    path: clock-sleep.wasm
                    method: "wippy:sample/sleeper#elapsed-ms"
                    imports: [%s]
                """.formatted(FIXTURE, imports, pool, imports);
        return WasmRegistry.builder()
                .document(TestRegistries.doc("t/_index.yaml", yaml, dir))
                .build();
    }

    @Test
    void sleepsAndPollReturnsWhenTheFirstTimerFires(@TempDir Path dir) {
        try (WasmRegistry r = runtime(dir, "wasi:clocks, wasi:poll", "{ type: lazy, max_size: 4 }")) {
            long start = System.nanoTime();
            assertThat(r.call("t:sleep", 120)).isEqualTo(120L);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(120));

            Object elapsed = r.call("t:elapsed", 60);
            assertThat((Long) elapsed).isBetween(60L, 1_900L);
        }
    }

    /**
     * Each instance resolves the component's types anew; the signatures of its lifts and exports are
     * the component's shared objects, so what the canonical ABI derives from one (kept per signature
     * object) is computed once, not on every new instance's first call.
     */
    @Test
    void freshInstancesShareTheComponentsSignatureObjectsAndStillSleep(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(dir, "wasi:clocks, wasi:poll", "{ type: inline }")) {
            var borrowing =
                    (ai.wippy.component.InstanceBorrowing) r.function("t:sleep").orElseThrow();
            List<Object> seen = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                borrowing.withInstance(r.baseContext(), (instance, export) -> {
                    seen.add(instance);
                    seen.add(export.signature());
                    assertThat(export.call(List.of(5L))).isEqualTo(5L);
                    return null;
                });
            }
            assertThat(seen.get(2)).isNotSameAs(seen.get(0)); // an inline pool: a fresh instance each time
            assertThat(seen.get(3)).isSameAs(seen.get(1));
            assertThat(r.call("t:sleep", 5)).isEqualTo(5L);
        }
    }

    @Test
    void concurrentSleepersOverlapOnVirtualThreads(@TempDir Path dir) {
        try (WasmRegistry r = runtime(dir, "wasi:clocks, wasi:poll", "{ type: static, size: 300, workers: 300 }")) {
            long start = System.nanoTime();
            List<Object> results = Flux.range(0, 300)
                    .flatMap(i -> r.callAsync("t:sleep", 200), 300)
                    .collectList()
                    .block(Duration.ofSeconds(30));
            assertThat(results).hasSize(300).containsOnly(200L);
            // serialised they would take 60 s; overlapping, a few times one sleep
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void theDeadlineStopsASleepingGuestAndDiscardsItsInstance(@TempDir Path dir) {
        try (WasmRegistry r = runtime(dir, "wasi:clocks, wasi:poll", "{ type: static, size: 1 }")) {
            long start = System.nanoTime();
            failsWith(ErrorKind.TIMEOUT, () -> r.call("t:sleep", 60_000));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            var pool = r.function("t:sleep").orElseThrow().pool();
            assertThat(pool.stats().discarded()).isEqualTo(1);
            assertThat(r.call("t:sleep", 1)).as("the runtime keeps serving").isEqualTo(1L);
        }
    }

    @Test
    void disposingTheCallCancelsTheSleeper(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(dir, "wasi:clocks, wasi:poll", "{ type: static, size: 1 }")) {
            var pool = r.function("t:sleep").orElseThrow().pool();
            TestRegistries.disposeWhileRunning(pool, r.callAsync("t:sleep", 60_000));
            assertThat(pool.stats().busy()).isZero();
            assertThat(pool.stats().discarded()).isEqualTo(1);
        }
    }

    @Test
    void withoutTheClocksGrantTheSleepIsRefused(@TempDir Path dir) {
        try (WasmRegistry r = runtime(dir, "wasi:poll", "{ type: lazy }")) {
            failsWith(ErrorKind.CAPABILITY_DENIED, () -> r.call("t:sleep", 10))
                    .hasMessageContaining("capability not granted: wasi:clocks");
        }
    }

    @Test
    void peakPlatformThreadsStayFewWhileHundredsSleep(@TempDir Path dir) {
        try (WasmRegistry r = runtime(dir, "wasi:clocks, wasi:poll", "{ type: static, size: 500, workers: 500 }")) {
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            int before = threads.getThreadCount();
            List<reactor.core.publisher.Mono<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                calls.add(r.callAsync("t:sleep", 300));
            }
            Disposable all = Flux.merge(calls).subscribe();
            int peak = before;
            long end = System.nanoTime() + Duration.ofMillis(250).toNanos();
            while (System.nanoTime() < end) {
                peak = Math.max(peak, threads.getThreadCount());
            }
            Flux.merge(calls).blockLast(Duration.ofSeconds(30));
            all.dispose();
            assertThat(peak - before)
                    .as("platform threads added while 500 guests sleep")
                    .isLessThan(50);
        }
    }
}
