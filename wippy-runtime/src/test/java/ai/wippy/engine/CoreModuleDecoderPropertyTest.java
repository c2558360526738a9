package ai.wippy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.fuzz.FuzzBudget;
import ai.wippy.fuzz.Mutations;
import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever the bytes of a core module, decoding answers with a module or a named error: bit flips,
 * overwritten and inserted bytes, truncations and length fields that lie, through the compiler and
 * through a registry entry. Run longer with {@code -Dwippy.fuzz.tries=N}.
 */
@FuzzBudget
class CoreModuleDecoderPropertyTest {

    /** A module using every section: types, imports, a table and elements, memory and data, globals, start. */
    static final String RICH_WAT = """
            (module
              (type $t (func (param i32) (result i32)))
              (import "env" "log" (func $log (param i32)))
              (import "env" "g" (global $g i32))
              (table 4 funcref)
              (memory 1 2)
              (global $counter (mut i32) (i32.const 7))
              (global $wide i64 (i64.const -1))
              (global $half f32 (f32.const 0.5))
              (global $real f64 (f64.const 2.25))
              (elem (i32.const 0) $pick $twice)
              (data (i32.const 16) "hello, world")
              (data "passive")
              (func $pick (export "pick") (type $t) (param $x i32) (result i32)
                (block $c (block $b (block $a
                  (br_table $a $b $c (local.get $x)))
                  (return (i32.const 10)))
                  (return (i32.const 20)))
                (i32.const 30))
              (func $twice (export "twice") (param i32) (result i32)
                (local i64 f64)
                (if (result i32) (i32.gt_s (local.get 0) (i32.const 100))
                  (then (call_indirect (type $t) (local.get 0) (i32.const 0)))
                  (else (i32.mul (local.get 0) (i32.const 2)))))
              (func $init
                (global.set $counter (i32.add (global.get $g) (i32.load8_u offset=16 (i32.const 0))))
                (memory.init 1 (i32.const 100) (i32.const 0) (i32.const 3))
                (data.drop 1)
                (call $log (global.get $counter)))
              (start $init)
              (export "memory" (memory 0)))
            """;

    private static List<byte[]> seeds;
    private static Path folder;

    @BeforeContainer
    static void seeds() throws Exception {
        byte[] rich = new WatAssembler().assemble(RICH_WAT);
        byte[] users = Files.readAllBytes(Path.of("src/test/fixtures/abi/users.wasm"));
        seeds = List.of(rich, users);
        folder = Files.createTempDirectory("wippy-fuzz");
    }

    @AfterContainer
    static void cleanUp() throws Exception {
        Mutations.deleteFolder(folder);
    }

    @Property(tries = 3000)
    void mutatedModulesDecodeOrFailWithANamedError(@ForAll("mutations") byte[] bytes) {
        // a fresh compiler each time: its cache would hide a second decode of the same bytes
        ModuleCompiler compiler = new ModuleCompiler(EngineMode.INTERPRETER);
        try {
            CompiledModule module = compiler.compile(bytes);
            assertThat(module.exportedFunctions()).isNotNull();
        } catch (ModuleCompiler.ModuleException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 150)
    void mutatedModulesThroughARegistryEntryBootOrFailNamed(@ForAll("mutations") byte[] bytes) throws Exception {
        Path dir = Files.createTempDirectory(folder, "case");
        Files.write(dir.resolve("m.wasm"), bytes);
        String yaml = """
                version: "1.0"
                namespace: fuzz
                entries:
                  - name: bin
                    kind: fs.directory
                    directory: .
                  - name: f
                    kind: function.wasm
                    fs: bin
                    path: m.wasm
                    method: pick
                    pool: { type: inline }
                """;
        try (WasmRegistry r = TestRegistries.runtime(dir.resolve("_index.yaml").toString(), yaml, dir)) {
            assertThat(r).isNotNull();
        } catch (RegistryException e) {
            assertThat(e.file()).endsWith("_index.yaml");
            assertThat(e.entryId()).isEqualTo("fuzz:f");
            assertThat(e.field()).isIn("path", "method", "imports", "pool");
        }
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        return Mutations.of(seeds);
    }
}
