package ai.wippy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Functions with a {@code pool.worker_class} run on that class's own threads, sync or async: the kind
 * {@code test.thread} answers with the name of the thread it ran on.
 */
class WorkerClassTest {

    @Test
    void heavyWorkRunsOnItsOwnThreads() {
        String yaml = """
                version: "1.0"
                namespace: wc
                entries:
                  - name: heavy
                    kind: test.thread
                    pool: { type: lazy, worker_class: heavy, workers: 2 }
                  - name: light
                    kind: test.thread
                """;
        try (WasmRegistry r = WasmRegistry.builder()
                .document(TestRegistries.doc(yaml))
                .handler(TestRegistries.javaKind(
                        "test.thread",
                        new FunctionSignature("thread", List.of(), WitType.Primitive.STRING),
                        (ctx, args) -> Thread.currentThread().getName()))
                .build()) {
            assertThat((String) r.call("wc:heavy")).startsWith("wippy-heavy-");
            assertThat((String) r.callAsync("wc:heavy").block()).startsWith("wippy-heavy-");
            assertThat((String) r.call("wc:light"))
                    .isEqualTo(Thread.currentThread().getName());
            assertThat((String) r.callAsync("wc:light").block()).startsWith("wippy-");
            assertThat(r.dispatcher().workerClasses()).containsEntry("heavy", 2);
        }
    }
}
