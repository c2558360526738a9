package ai.wippy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.fuzz.FuzzBudget;
import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
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
        try (var files = Files.walk(folder)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
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
        Arbitrary<byte[]> seed = Arbitraries.of(seeds);
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 5);
        Arbitrary<Integer> where = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Integer> value = Arbitraries.integers();
        return Combinators.combine(seed, kind, where, value).as((s, k, w, v) -> mutate(s, k, w, v));
    }

    static byte[] mutate(byte[] seed, int kind, int where, int value) {
        byte[] b = seed.clone();
        int at = 8 + where % (b.length - 8);
        switch (kind) {
            case 0 -> b[at] = (byte) value; // overwrite one byte
            case 1 -> b[at] ^= (byte) (1 << (where & 7)); // flip one bit
            case 2 -> b = Arrays.copyOf(b, at); // truncate
            case 3 -> { // insert bytes
                int n = 1 + (value & 3);
                byte[] longer = new byte[b.length + n];
                System.arraycopy(b, 0, longer, 0, at);
                System.arraycopy(b, at, longer, at + n, b.length - at);
                Arrays.fill(longer, at, at + n, (byte) (value >>> 8));
                b = longer;
            }
            case 4 -> { // a length or count that lies: a 5-byte LEB128 of a large value in place of a byte
                long lie =
                        (value & 1) == 0 ? (value & 0xffffffffL) | 0x8000_0000L : (value & 0x7fffffffL) | 0x0100_0000L;
                byte[] leb = new byte[5];
                for (int i = 0; i < 5; i++) {
                    leb[i] = (byte) ((lie >>> (7 * i)) & 0x7f | (i < 4 ? 0x80 : 0));
                }
                byte[] longer = new byte[b.length + 4];
                System.arraycopy(b, 0, longer, 0, at);
                System.arraycopy(leb, 0, longer, at, 5);
                System.arraycopy(b, at + 1, longer, at + 5, b.length - at - 1);
                b = longer;
            }
            default -> { // a length that lies a little: one LEB byte off by a small amount
                b[at] = (byte) (b[at] + (value % 5));
            }
        }
        return b;
    }
}
