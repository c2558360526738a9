package ai.wippy.process;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.call.ErrorKind;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Spawn, monitor, stop and shut down processes. */
class ProcessLifecycleTest {

    static final String YAML = """
            version: "1.0"
            namespace: jobs
            entries:
              - name: exits
                kind: process.wasm
                imports: [wasi:cli]
                source: |
                  (module
                    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
                    (memory (export "memory") 1)
                    (func (export "_start") (call $exit (i32.const 7))))
              - name: sum
                kind: process.wasm
                method: sum
                source: |
                  (module (func (export "sum") (param i64 i64) (result i64)
                    local.get 0 local.get 1 i64.add))
              - name: forever
                kind: process.wasm
                source: |
                  (module (func (export "_start") (loop $l (br $l))))
              - name: sleeper
                kind: process.wasm
                imports: [wasi:poll]
                source: |
                  (module
                    (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
                    (memory (export "memory") 1)
                    (func (export "_start")
                      ;; one clock subscription: relative, 60 s
                      (i64.store (i32.const 24) (i64.const 60000000000))
                      (drop (call $poll (i32.const 0) (i32.const 100) (i32.const 1) (i32.const 200)))))
              - name: traps
                kind: process.wasm
                source: |
                  (module (func (export "_start") unreachable))
            """;

    @Test
    void anExitEventCarriesTheExitCode() throws Exception {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            BlockingQueue<ProcessExit> events = new LinkedBlockingQueue<>();
            ProcessHandle p = ProcessHost.of(r).spawnMonitored("jobs:exits", List.of(), events);
            ProcessExit exit = events.poll(10, TimeUnit.SECONDS);
            assertThat(exit).isNotNull();
            assertThat(exit.pid()).isEqualTo(p.pid());
            assertThat(exit.code()).isEqualTo(7);
            assertThat(exit.error()).isNull();
            assertThat(p.alive()).isFalse();
        }
    }

    @Test
    void theHostWideEventStreamSeesEveryExit() throws Exception {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            ProcessHost host = ProcessHost.of(r);
            List<ProcessExit> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            var subscription = host.events().subscribe(seen::add);
            long a = host.spawn("jobs:exits", List.of()).pid();
            long b = host.spawn("jobs:traps", List.of()).pid();
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (seen.size() < 2 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            subscription.dispose();
            assertThat(seen).extracting(ProcessExit::pid).containsExactlyInAnyOrder(a, b);
        }
    }

    @Test
    void aLongRunningExportReturnsItsValue() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            ProcessExit exit = ProcessHost.of(r)
                    .spawn("jobs:sum", List.of("40", "2"))
                    .exit()
                    .join();
            assertThat(exit.ok()).isTrue();
            assertThat(exit.value()).isEqualTo(42L);
        }
    }

    @Test
    void aTrapIsAnErrorInTheExitEvent() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            ProcessExit exit =
                    ProcessHost.of(r).spawn("jobs:traps", List.of()).exit().join();
            assertThat(exit.error().kind()).isEqualTo(ErrorKind.TRAPPED);
            assertThat(exit.code()).isEqualTo(1);
        }
    }

    @Test
    void stopEndsABusyProcess() throws Exception {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            ProcessHandle p = ProcessHost.of(r).spawn("jobs:forever", List.of());
            Thread.sleep(200);
            assertThat(p.alive()).isTrue();
            p.stop();
            ProcessExit exit = p.await(Duration.ofSeconds(10));
            assertThat(exit).isNotNull();
            assertThat(exit.error().kind()).isEqualTo(ErrorKind.CANCELED);
        }
    }

    @Test
    void closingTheRuntimeStopsItsProcesses() throws Exception {
        WasmRegistry r = TestRegistries.runtime(YAML);
        ProcessHost host = ProcessHost.of(r);
        ProcessHandle sleeping = host.spawn("jobs:sleeper", List.of());
        ProcessHandle busy = host.spawn("jobs:forever", List.of());
        Thread.sleep(200);
        assertThat(host.program("jobs:sleeper").runningPids()).containsExactly(sleeping.pid());
        long started = System.nanoTime();
        r.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WasmProgram.SHUTDOWN_WAIT);
        assertThat(sleeping.alive()).isFalse();
        assertThat(busy.alive()).isFalse();
        assertThat(sleeping.exit().join().error().kind()).isEqualTo(ErrorKind.CANCELED);
    }
}
