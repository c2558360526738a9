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
    void anActorWithoutAMemoryLimitGets64MiBAndMemoryBytesIsWippysSpelling() {
        String yaml = """
                version: "1.0"
                namespace: p
                entries:
                  - name: actor
                    kind: process.wasm
                    imports: [wippy:actor]
                    source: '(module)'
                  - name: sized
                    kind: process.wasm
                    imports: [wippy:actor]
                    source: '(module)'
                    options: { limits: { memory_bytes: 16777216 } }
                  - name: plain
                    kind: process.wasm
                    source: '(module)'
                  - name: grow
                    kind: function.wat
                    method: grow
                    limits: { memory_bytes: 131072 }
                    source: |
                      (module (memory 1)
                        (func (export "grow") (result i32)
                          (block $full (loop $more
                            (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1))) (br $more)))
                          memory.size))
                """;
        var doc = TestRegistries.doc(yaml);
        var registry = ai.wippy.registry.Registry.load(List.of(doc));
        var actor = ProcessHandler.actorDefaults(ai.wippy.wasm.EntryOptions.normalize(
                registry.find(ai.wippy.registry.EntryId.parse("p:actor")).orElseThrow()));
        assertThat(ai.wippy.wasm.ExecutionLimits.read(actor).maxMemoryPages()).isEqualTo(1024);
        var sized = ProcessHandler.actorDefaults(ai.wippy.wasm.EntryOptions.normalize(
                registry.find(ai.wippy.registry.EntryId.parse("p:sized")).orElseThrow()));
        assertThat(ai.wippy.wasm.ExecutionLimits.read(sized).maxMemoryPages()).isEqualTo(256);
        var plain = ProcessHandler.actorDefaults(ai.wippy.wasm.EntryOptions.normalize(
                registry.find(ai.wippy.registry.EntryId.parse("p:plain")).orElseThrow()));
        assertThat(ai.wippy.wasm.ExecutionLimits.read(plain).maxMemoryPages())
                .as("not an actor")
                .isNull();
        String grow = "version: \"1.0\"\nnamespace: p\nentries:\n" + yaml.substring(yaml.indexOf("  - name: grow"));
        try (WasmRegistry r = TestRegistries.runtime(grow)) {
            assertThat(r.call("p:grow")).as("128 KiB in 64 KiB pages").isEqualTo(2);
        }
        for (String bad : List.of("100000", "0", "1.5")) {
            try (WasmRegistry r = TestRegistries.runtime("""
                    version: "1.0"
                    namespace: p
                    entries:
                      - name: f
                        kind: function.wat
                        method: f
                        limits: { memory_bytes: %s }
                        source: '(module (func (export "f")))'
                    """.formatted(bad))) {
                throw new AssertionError("booted with " + bad);
            } catch (RegistryException e) {
                assertThat(e.getMessage())
                        .contains("field 'limits.memory_bytes'")
                        .contains("expected a positive multiple of 64 KiB");
            }
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
