package ai.wippy.funcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.WippyException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A component calling registry functions through the {@code wippy:runtime/funcs} host interface. */
class FuncsComponentTest {

    static final Path FIXTURES =
            Path.of("src/test/fixtures/component/funcs-relay").toAbsolutePath();

    static String yaml(String imports) {
        return """
                version: "1.0"
                namespace: c
                entries:
                  - name: bin
                    kind: fs.directory
                    directory: .
                  - name: add
                    kind: function.wat
                    method: add
                    wit: "add: func(a: s32, b: s32) -> s32;"
                    source: '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))'
                  - name: relay
                    kind: function.wasm
                    fs: bin
                    path: funcs-relay.wasm
                    method: relay
                %s
                """.formatted(imports);
    }

    @Test
    void aComponentCallsAnotherFunction() {
        try (WasmRegistry r = WasmRegistry.builder()
                .document(TestRegistries.doc("c/_index.yaml", yaml("    imports: [funcs]"), FIXTURES))
                .build()) {
            assertThat(r.call("c:relay", "c:add", "[20, 22]")).isEqualTo("42");
            assertThat(r.call("c:relay", "c:missing", "")).asString().startsWith("NOT_FOUND");
        }
    }

    @Test
    void withoutTheGrantTheImportIsAbsentAndCallingItSaysWhatToGrant() {
        try (WasmRegistry r = WasmRegistry.builder()
                .document(TestRegistries.doc("c/_index.yaml", yaml(""), FIXTURES))
                .build()) {
            assertThatThrownBy(() -> r.call("c:relay", "c:add", "[20, 22]"))
                    .isInstanceOf(WippyException.class)
                    .hasMessageContaining("import 'wippy:runtime/funcs")
                    .hasMessageContaining("is not granted: add 'funcs' to the entry's imports");
        }
    }
}
