package ai.wippy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.engine.CompileCache;
import ai.wippy.engine.WatAssembler;
import ai.wippy.registry.RegistryException;
import ai.wippy.spi.RuntimeObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The boot compiles distinct binaries in parallel, and the loads still report every problem, named. */
class ParallelBootCompileTest {

    private static final String HEAD = "version: \"1.0\"\nnamespace: app\nentries:\n";

    @TempDir
    Path dir;

    private static String wat(int n) {
        return "(module (func (export \"f\") (result i32) i32.const " + n + "))";
    }

    @Test
    void distinctBinariesOfABootCompileAtTheSameTime() throws Exception {
        Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "one core: nothing to overlap");
        Files.write(dir.resolve("two.wasm"), new WatAssembler().assemble(wat(2)));
        String yaml = HEAD
                + "  - { name: bin, kind: fs.directory, directory: . }\n"
                + "  - name: one\n    kind: function.wat\n    method: f\n    source: '" + wat(1) + "'\n"
                + "  - { name: two, kind: function.wasm, fs: bin, path: two.wasm, method: f }\n";
        // each compile waits, at its end, until the other has finished too: loads one after another
        // could never get there
        var bothDone = new CountDownLatch(2);
        var overlapped = new ConcurrentLinkedQueue<Boolean>();
        try (WasmRegistry r = WasmRegistry.builder()
                .document(TestRegistries.doc("x/_index.yaml", yaml, dir))
                .observer(new RuntimeObserver() {
                    @Override
                    public void onCompile(String sha256, long nanos) {
                        bothDone.countDown();
                        try {
                            overlapped.add(bothDone.await(30, TimeUnit.SECONDS));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                })
                .build()) {
            assertThat(overlapped).containsExactly(true, true);
            assertThat(r.call("app:one")).isEqualTo(1);
            assertThat(r.call("app:two")).isEqualTo(2);
            assertThat(r.compileStats().compiled()).isEqualTo(2);
        }
    }

    @Test
    void aHashMismatchFoundAheadOfTheLoadIsStillReportedByTheLoad() throws Exception {
        Files.write(dir.resolve("two.wasm"), new WatAssembler().assemble(wat(2)));
        String yaml = HEAD
                + "  - { name: bin, kind: fs.directory, directory: . }\n"
                + "  - name: one\n    kind: function.wat\n    method: f\n    source: '" + wat(1) + "'\n"
                + "  - { name: two, kind: function.wasm, fs: bin, path: two.wasm, method: f, hash: sha256:"
                + "1".repeat(64) + " }\n";
        assertThatThrownBy(() -> WasmRegistry.builder()
                        .document(TestRegistries.doc("x/_index.yaml", yaml, dir))
                        .build())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("app:two")
                .hasMessageContaining("hash mismatch");
    }

    @Test
    void aWarmCacheSkipsTheAssemblerAndTheCompiler() throws Exception {
        String yaml = HEAD + "  - name: one\n    kind: function.wat\n    method: f\n    source: '" + wat(7) + "'\n";
        Path cache = dir.resolve("cache");
        for (int boot = 0; boot < 2; boot++) {
            try (WasmRegistry r = WasmRegistry.builder()
                    .document(TestRegistries.doc("x/_index.yaml", yaml, dir))
                    .compileCache(CompileCache.at(cache, CompileCache.DEFAULT_MAX_BYTES, null))
                    .build()) {
                assertThat(r.call("app:one")).isEqualTo(7);
                assertThat(r.compileStats().compiled()).isEqualTo(boot == 0 ? 1 : 0);
                assertThat(r.compileStats().fromCache()).isEqualTo(boot == 0 ? 0 : 1);
            }
        }
        // the classes and the assembled binary
        try (var files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .hasSize(2)
                    .anySatisfy(name -> assertThat(name).startsWith(CompileCache.watKey(wat(7))));
        }
    }
}
