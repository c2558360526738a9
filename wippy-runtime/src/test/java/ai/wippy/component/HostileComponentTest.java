package ai.wippy.component;

import static ai.wippy.component.TinyComponents.BOOL;
import static ai.wippy.component.TinyComponents.CHAR;
import static ai.wippy.component.TinyComponents.S32;
import static ai.wippy.component.TinyComponents.STRING;
import static ai.wippy.component.TinyComponents.U32;
import static ai.wippy.component.TinyComponents.U8;
import static ai.wippy.component.TinyComponents.component;
import static ai.wippy.component.TinyComponents.func;
import static ai.wippy.component.TinyComponents.list;
import static ai.wippy.component.TinyComponents.option;
import static ai.wippy.component.TinyComponents.own;
import static ai.wippy.component.TinyComponents.ref;
import static ai.wippy.component.TinyComponents.resource;
import static ai.wippy.runtime.TestRegistries.failsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.ErrorKind;
import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Components that lie through the canonical ABI answer {@code TRAPPED}, as core modules do, and
 * components that try to exhaust the heap meet the runtime's limits (tagged {@code hostile}: run
 * in a 512 MiB JVM). The runtime keeps serving after each.
 */
@Tag("hostile")
class HostileComponentTest {

    @TempDir
    Path dir;

    private WasmRegistry runtime(byte[] component, String extra) throws Exception {
        Files.write(dir.resolve("evil.wasm"), component);
        Files.writeString(dir.resolve("answer.wat"), "(module (func (export \"answer\") (result i32) i32.const 42))");
        String yaml = """
                version: "1.0"
                namespace: t
                entries:
                  - name: bin
                    kind: fs.directory
                    directory: .
                  - name: evil
                    kind: function.wasm
                    fs: bin
                    path: evil.wasm
                    method: run
                %s
                  - name: answer
                    kind: function.wat
                    method: answer
                    source: file://answer.wat
                """.formatted(extra.indent(4).stripTrailing());
        return WasmRegistry.builder()
                .document(TestRegistries.doc("test/_index.yaml", yaml, dir))
                .build();
    }

    private void trapsAndKeepsServing(byte[] component, Object[] args, String message) throws Exception {
        try (WasmRegistry r = runtime(component, "")) {
            failsWith(ErrorKind.TRAPPED, () -> r.call("t:evil", args))
                    .hasMessageContaining("t:evil")
                    .hasMessageContaining(message);
            assertThat(r.call("t:answer")).isEqualTo(42);
        }
    }

    /** A core module whose {@code run} stores {@code body} and returns the pointer 0. */
    private static String returning(String body, String data) {
        return """
                (module
                  (memory (export "memory") 1)
                  (func (export "run") (result i32) %s (i32.const 0))
                  %s)
                """.formatted(body, data);
    }

    @Test
    void anOutOfBoundsStringIsATrap() throws Exception {
        String wat = returning(
                "(i32.store (i32.const 0) (i32.const 0xffff0000)) (i32.store (i32.const 4) (i32.const 100))", "");
        trapsAndKeepsServing(
                component(wat, false, func(STRING)),
                new Object[0],
                "string [4294901760, 4294901860) is outside the guest memory of 65536 bytes");
    }

    @Test
    void invalidUtf8IsATrap() throws Exception {
        String wat = returning(
                "(i32.store (i32.const 0) (i32.const 100)) (i32.store (i32.const 4) (i32.const 2))",
                "(data (i32.const 100) \"\\c3\\28\")");
        trapsAndKeepsServing(component(wat, false, func(STRING)), new Object[0], "not valid UTF-8");
    }

    @Test
    void aBadCharIsATrap() throws Exception {
        String wat = "(module (memory (export \"memory\") 1) (func (export \"run\") (result i32) (i32.const 0xd800)))";
        trapsAndKeepsServing(
                component(wat, false, func(CHAR)), new Object[0], "char 55296 is not a Unicode scalar value");
    }

    @Test
    void anOwnHandleThatIsNotInTheTableIsATrap() throws Exception {
        String wat = "(module (memory (export \"memory\") 1) (func (export \"run\") (result i32) (i32.const 7)))";
        trapsAndKeepsServing(
                component(wat, false, resource(), own(0), func(ref(1))),
                new Object[0],
                "canonical ABI: handle 7 is not in the handle table");
    }

    @Test
    void aBadOptionDiscriminantIsATrap() throws Exception {
        String wat = returning("(i32.store8 (i32.const 0) (i32.const 7))", "");
        trapsAndKeepsServing(
                component(wat, false, option(U32), func(ref(0))),
                new Object[0],
                "discriminant 7 of option<u32> is out of range (2 cases)");
    }

    @Test
    void aBadReallocIsATrap() throws Exception {
        String wat = """
                (module
                  (memory (export "memory") 1)
                  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 65534))
                  (func (export "run") (param i32 i32) (result i32) (local.get 1)))
                """;
        trapsAndKeepsServing(
                component(wat, true, func(U32, "s", STRING)),
                new Object[] {"hello"},
                "cabi_realloc's result for a string [65534, 65539) is outside the guest memory of 65536 bytes");
    }

    @Test
    void nestedListsFromASmallMemoryMeetTheLiftingLimit() throws Exception {
        String wat = ai.wippy.wasm.HostileModules.NESTED_LISTS.replace("\"f\"", "\"run\"");
        trapsAndKeepsServing(
                component(wat, false, list(U8), list(ref(0)), func(ref(1))),
                new Object[0],
                "lifting list<u8> of 65536 bytes would take the values of this call past the limit of 67108864 bytes");
    }

    @Test
    void aCoreModuleGrowingWithoutLimitsStopsAtTheDefaultCeiling() throws Exception {
        String wat = ai.wippy.wasm.HostileModules.GROWER.replace("\"grow\"", "\"run\"");
        try (WasmRegistry r =
                runtime(component(wat, false, func(S32, "trap", BOOL)), "limits: { max_memory_pages: 100 }")) {
            assertThat(r.call("t:evil", false)).isEqualTo(100);
        }
        try (WasmRegistry r = runtime(component(wat, false, func(S32, "trap", BOOL)), "")) {
            assertThat(r.call("t:evil", false)).as("256 MiB in 64 KiB pages").isEqualTo(4096);
        }
    }

    @Test
    void aCoreModuleDeclaringGigabytesIsRefusedAtBoot() {
        String wat = "(module (memory (export \"memory\") 32768) (func (export \"run\") (result i32) (i32.const 0)))";
        Consumer<RegistryException> named = e -> assertThat(e.getMessage())
                .contains("entry 't:evil'")
                .contains("field 'limits.max_memory_pages'")
                .contains("a core module of the component declares memory 0 with a minimum of 32768 pages (2 GiB)");
        assertThatThrownBy(() -> runtime(component(wat, false, func(U32)), ""))
                .isInstanceOfSatisfying(RegistryException.class, named);
        // and a static pool of modules that each fit, but not together
        String mid = "(module (memory (export \"memory\") 2048) (func (export \"run\") (result i32) (i32.const 0)))";
        long size = ai.wippy.spi.MemorySettings.defaultPoolMemoryBytes() / (128L << 20) + 1;
        assertThatThrownBy(
                        () -> runtime(component(mid, false, func(U32)), "pool: { type: static, size: " + size + " }"))
                .isInstanceOfSatisfying(
                        RegistryException.class,
                        e -> assertThat(e.getMessage())
                                .contains("entry 't:evil'")
                                .contains("field 'pool.size'")
                                .contains("each declaring 128 MiB of guest memory"));
    }
}
