package ai.wippy.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.engine.CompileCache;
import ai.wippy.engine.Digests;
import ai.wippy.engine.EngineMode;
import ai.wippy.engine.ModuleCompiler;
import ai.wippy.engine.WatAssembler;
import ai.wippy.registry.RegistryException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildTimeCompilerTest {

    static final String WAT =
            "(module (func (export \"twice\") (param i32) (result i32)" + " (i32.mul (local.get 0) (i32.const 2))))";

    @TempDir
    Path classes;

    private final List<String> log = new ArrayList<>();

    private void registry(String yaml) throws Exception {
        Path folder = classes.resolve("wippy/app");
        Files.createDirectories(folder.resolve("bin"));
        Files.write(folder.resolve("bin/twice.wasm"), new WatAssembler().assemble(WAT));
        Files.writeString(folder.resolve("_index.yaml"), yaml);
    }

    private static String hashOf(byte[] bytes) {
        return "sha256:" + Digests.sha256Hex(bytes);
    }

    @Test
    void everyModuleIsCompiledIntoTheClassesAndTheRuntimeLoadsThemWithoutCompiling() throws Exception {
        byte[] wasm = new WatAssembler().assemble(WAT);
        String inline = "(module (func (export \"one\") (result i32) (i32.const 1)))";
        registry("version: \"1.0\"\nnamespace: app\nentries:\n"
                + "  - { name: bin, kind: fs.embed, directory: ./bin }\n"
                + "  - { name: twice, kind: function.wasm, fs: bin, path: twice.wasm, method: twice, hash: "
                + hashOf(wasm) + " }\n"
                + "  - { name: again, kind: function.wasm, fs: bin, path: twice.wasm, method: twice }\n"
                + "  - name: one\n    kind: function.wat\n    method: one\n    source: '" + inline + "'\n");

        var compiled = new BuildTimeCompiler(classes, "wippy", log::add).run();

        assertThat(compiled).hasSize(2);
        assertThat(compiled)
                .anySatisfy(c -> assertThat(c.entries()).containsExactlyInAnyOrder("app:again", "app:twice"));
        Path index = classes.resolve(CompileCache.CLASSPATH_INDEX);
        assertThat(Files.readString(index, StandardCharsets.UTF_8)).contains(Digests.sha256Hex(wasm));
        assertThat(log).singleElement().asString().contains("2 modules ready", "2 compiled");

        // the runtime, with these classes on its class path, compiles nothing
        try (var loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, null)) {
            var compiler = new ModuleCompiler(EngineMode.COMPILER, CompileCache.classPathOnly(loader));
            var module = compiler.compile(wasm);
            var instance = module.instantiate(com.dylibso.chicory.runtime.ImportValues.empty(), null);
            assertThat(instance.export("twice").apply(21)[0]).isEqualTo(42);
            assertThat(compiler.stats()).isEqualTo(new ModuleCompiler.Stats(0, 1, 0));
        }

        // a second build reuses what it compiled
        log.clear();
        new BuildTimeCompiler(classes, "wippy", log::add).run();
        assertThat(log).singleElement().asString().contains("0 compiled", "2 unchanged");
    }

    @Test
    void aBinaryWhoseHashDiffersIsRefusedNamingTheEntryAndField() throws Exception {
        registry("version: \"1.0\"\nnamespace: app\nentries:\n"
                + "  - { name: bin, kind: fs.embed, directory: ./bin }\n"
                + "  - { name: twice, kind: function.wasm, fs: bin, path: twice.wasm, method: twice, hash: sha256:"
                + "0".repeat(64) + " }\n");

        assertThatThrownBy(() -> new BuildTimeCompiler(classes, "wippy", log::add).run())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("app:twice")
                .hasMessageContaining("hash")
                .hasMessageContaining("hash mismatch");
        assertThat(classes.resolve(CompileCache.CLASSPATH_INDEX)).doesNotExist();
    }

    @Test
    void entriesOfBinariesNoLongerUsedAreRemoved() throws Exception {
        registry("version: \"1.0\"\nnamespace: app\nentries:\n"
                + "  - { name: bin, kind: fs.embed, directory: ./bin }\n"
                + "  - { name: twice, kind: function.wasm, fs: bin, path: twice.wasm, method: twice }\n");
        Path folder = classes.resolve(CompileCache.CLASSPATH_FOLDER);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("stale-chicory-0-f1.wcc"), "old");
        new BuildTimeCompiler(classes, "wippy", log::add).run();
        assertThat(folder.resolve("stale-chicory-0-f1.wcc")).doesNotExist();
        try (var files = Files.list(folder)) {
            assertThat(files.filter(p -> p.toString().endsWith(".wcc"))).hasSize(1);
        }
    }
}
