package ai.wippy.process;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.call.ErrorKind;
import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An actor's lifetime ({@code limits.max_execution_ms}) and the pool a process.wasm does not have. */
class ProcessBudgetsTest {

    static final String SPINNER = """
                kind: process.wasm
                source: '(module (memory (export "memory") 1) (func (export "_start") (loop $l (br $l))))'
            """;

    @Test
    void aProcessThatOutlivesItsLifetimeIsStoppedWithTimeout() throws Exception {
        String yaml = """
                version: "1.0"
                namespace: p
                entries:
                  - name: spin
                """ + SPINNER + """
                    options: { limits: { max_execution_ms: 300 } }
                  - name: forever
                """ + SPINNER + """
                    limits: { max_execution_ms: 0 }
                """;
        try (WasmRegistry r = TestRegistries.runtime(yaml)) {
            ProcessHost host = ProcessHost.of(r);
            long started = System.nanoTime();
            ProcessExit exit = host.spawn("p:spin", List.of()).await(Duration.ofSeconds(30));
            assertThat(exit).as("ended by its lifetime").isNotNull();
            assertThat(exit.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(exit.error().getMessage()).contains("outlived its lifetime of 300 ms (limits.max_execution_ms)");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

            ProcessHandle forever = host.spawn("p:forever", List.of());
            assertThat(forever.await(Duration.ofMillis(600)))
                    .as("0: no lifetime")
                    .isNull();
            forever.stop();
            assertThat(forever.await(Duration.ofSeconds(30)).error().kind()).isEqualTo(ErrorKind.CANCELED);
        }
    }

    @Test
    void aRootPoolIsRefusedByEntryAndField() {
        String yaml = """
                version: "1.0"
                namespace: p
                entries:
                  - name: pooled
                """ + SPINNER + """
                    pool: { type: static, size: 2 }
                """;
        try (WasmRegistry r = TestRegistries.runtime(yaml)) {
            throw new AssertionError("booted");
        } catch (RegistryException e) {
            assertThat(e.getMessage())
                    .contains("entry 'p:pooled'")
                    .contains("field 'pool'")
                    .contains("a process.wasm has no pool");
        }
    }
}
