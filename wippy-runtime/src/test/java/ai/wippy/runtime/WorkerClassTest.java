package ai.wippy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.pool.PoolConfig;
import ai.wippy.pool.PoolConfigReader;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.EntryHandler;
import ai.wippy.spi.JavaFunction;
import ai.wippy.spi.LoadContext;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Functions with a {@code pool.worker_class} run on that class's own threads, sync or async. */
class WorkerClassTest {

    /** A Java-implemented kind that answers with the name of the thread it ran on. */
    static final class ThreadNameHandler implements EntryHandler {
        @Override
        public Set<String> kinds() {
            return Set.of("test.thread");
        }

        @Override
        public void load(RegistryEntry entry, LoadContext context) {
            PoolConfig config = PoolConfigReader.read(entry);
            context.addFunction(new JavaFunction(
                    entry,
                    new FunctionSignature("thread", List.of(), WitType.Primitive.STRING),
                    config,
                    (ctx, args) -> Thread.currentThread().getName()));
        }
    }

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
                .handler(new ThreadNameHandler())
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
