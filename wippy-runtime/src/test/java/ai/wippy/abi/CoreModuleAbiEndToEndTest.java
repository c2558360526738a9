package ai.wippy.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.registry.EntryId;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.wasm.CoreAbiAdapter;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitParser;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A core module written in C against the canonical ABI (fixtures/abi/users.c), loaded through a
 * registry entry with a {@code wit} signature and called with plain Java maps and lists.
 */
class CoreModuleAbiEndToEndTest {

    static final Path FIXTURES = Path.of("src/test/fixtures/abi");

    static final String YAML = """
            version: "1.0"
            namespace: users
            entries:
              - name: bin
                kind: fs.directory
                directory: .
              - name: greet
                kind: function.wasm
                fs: bin
                path: users.wasm
                method: greet
                wit: "greet: func(name: string) -> string;"
              - name: transform
                kind: function.wasm
                fs: bin
                path: users.wasm
                method: transform-users
                pool: { type: static, size: 1, workers: 1 }
                wit: |
                  record user { name: string, age: u32, tags: list<string> }
                  record display { label: string, adult: bool, tag-count: u32 }
                  transform-users: func(users: list<user>) -> list<display>;
              - name: sum
                kind: function.wasm
                fs: bin
                path: users.wasm
                method: sum17
                wit: >-
                  sum17: func(a: u32, b: u32, c: u32, d: u32, e: u32, f: u32, g: u32, h: u32, i: u32,
                  j: u32, k: u32, l: u32, m: u32, n: u32, o: u32, p: u32, q: u32) -> u64;
            """;

    static WasmRegistry runtime(String yaml) {
        return WasmRegistry.builder()
                .document(TestRegistries.doc("abi/_index.yaml", yaml, FIXTURES))
                .build();
    }

    @Test
    void greetsThroughMemoryAndRealloc() {
        try (WasmRegistry registry = runtime(YAML)) {
            assertThat(registry.call("users:greet", "Ana")).isEqualTo("Hello, Ana!");
            assertThat(registry.call("users:greet", "日本 🦀")).isEqualTo("Hello, 日本 🦀!");
            assertThat(registry.call("users:greet", "")).isEqualTo("Hello, !");
        }
    }

    @Test
    void transformsAListOfRecords() {
        try (WasmRegistry registry = runtime(YAML)) {
            Object out = registry.call(
                    "users:transform",
                    List.of(
                            Map.of("name", "Ana", "age", 31, "tags", List.of("admin", "ops")),
                            Map.of("name", "Bo", "age", 12, "tags", List.of())));
            assertThat(out)
                    .isEqualTo(List.of(
                            Map.of("label", "Ana (31)", "adult", true, "tag-count", 2L),
                            Map.of("label", "Bo (12)", "adult", false, "tag-count", 0L)));
        }
    }

    @Test
    void manyCallsOnOneInstanceDoNotLeakGuestMemory() {
        // the pool has one instance: post-return must reset the guest's bump allocator each time
        try (WasmRegistry registry = runtime(YAML)) {
            List<Object> users = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                users.add(Map.of("name", "user-" + i, "age", i, "tags", List.of("t".repeat(i % 7))));
            }
            for (int round = 0; round < 50; round++) {
                List<?> out = (List<?>) registry.call("users:transform", users);
                assertThat(out).hasSize(200);
                assertThat(((Map<?, ?>) out.get(199)).get("label")).isEqualTo("user-199 (199)");
            }
        }
    }

    @Test
    void postReturnLetsTheGuestFreeWhatItReturned() throws Exception {
        WasmModule module = Parser.parse(Files.readAllBytes(FIXTURES.resolve("users.wasm")));
        Instance instance = Instance.builder(module).build();
        FunctionSignature sig = WitParser.parseFunction("greet: func(name: string) -> string;", "greet");
        RegistryEntry entry =
                new RegistryEntry(EntryId.parse("t:greet"), "function.wasm", null, Map.of("method", "greet"), null);
        CoreAbiAdapter adapter = new CoreModuleCanonicalAbi()
                .adapter(entry, sig, instance.exportType("greet"), module, 1 << 20)
                .orElseThrow();
        for (int i = 0; i < 3; i++) {
            assertThat(adapter.call(instance, instance.export("greet"), List.of("Zé")))
                    .isEqualTo("Hello, Zé!");
            // cabi_post_greet reset the guest's allocator: nothing the call allocated is still live
            assertThat(instance.export("heap-used").apply()[0]).isZero();
        }
    }

    @Test
    void spillsMoreThanSixteenParametersToMemory() {
        try (WasmRegistry registry = runtime(YAML)) {
            Object[] args = new Object[17];
            for (int i = 0; i < 17; i++) {
                args[i] = 4_000_000_000L - i;
            }
            long expected = 0;
            for (Object a : args) {
                expected += (Long) a;
            }
            assertThat(registry.call("users:sum", args)).isEqualTo(expected);
        }
    }

    @Test
    void aSignatureThatDoesNotMatchTheExportIsABootError() {
        String yaml = YAML.replace(
                "wit: \"greet: func(name: string) -> string;\"",
                "wit: \"greet: func(name: string, n: u32) -> string;\"");
        assertThatThrownBy(() -> runtime(yaml))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.field()).isEqualTo("wit"))
                .hasMessageContaining("(func (param i32 i32 i32) (result i32))")
                .hasMessageContaining("but export 'greet' has (func (param i32 i32) (result i32))");
    }

    @Test
    void aModuleWithoutCabiReallocIsABootErrorWhenArgumentsNeedAllocating() {
        String yaml = """
                version: "1.0"
                namespace: bad
                entries:
                  - name: len
                    kind: function.wat
                    method: len
                    wit: "len: func(s: string) -> u32;"
                    source: |
                      (module (memory (export "memory") 1)
                        (func (export "len") (param i32 i32) (result i32) local.get 1))
                """;
        assertThatThrownBy(() -> TestRegistries.runtime(yaml))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.field()).isEqualTo("wit"))
                .hasMessageContaining("must export cabi_realloc: (func (param i32 i32 i32 i32) (result i32))");
        String withRealloc = yaml.replace(
                "(func (export \"len\")",
                "(func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) i32.const 64)\n"
                        + "        (func (export \"len\")");
        try (WasmRegistry registry = TestRegistries.runtime(withRealloc)) {
            assertThat(registry.call("bad:len", "héllo")).isEqualTo(6L);
        }
    }

    @Test
    void variantsAndOptionsWithoutMemory() {
        String yaml = """
                version: "1.0"
                namespace: flat
                entries:
                  - name: pick
                    kind: function.wat
                    method: pick
                    wit: |
                      enum level { low, high }
                      pick: func(x: option<u32>, l: level) -> bool;
                    source: |
                      (module
                        (func (export "pick") (param i32 i32 i32) (result i32)
                          ;; some(x) with x > 10, or level high
                          local.get 0 local.get 1 i32.const 10 i32.gt_u i32.and
                          local.get 2 i32.or))
                """;
        try (WasmRegistry registry = TestRegistries.runtime(yaml)) {
            assertThat(registry.call("flat:pick", 42, "low")).isEqualTo(true);
            assertThat(registry.call("flat:pick", 5, "low")).isEqualTo(false);
            assertThat(registry.call("flat:pick", null, "high")).isEqualTo(true);
            assertThat(registry.call("flat:pick", null, "low")).isEqualTo(false);
        }
    }
}
