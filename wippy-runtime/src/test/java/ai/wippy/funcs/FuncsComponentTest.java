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

    /** The relay component (fixture funcs-relay) with {@code imports}, next to {@link TestRegistries#ADD}. */
    static WasmRegistry runtime(String imports) {
        String yaml = """
                version: "1.0"
                namespace: c
                entries:
                  - { name: bin, kind: fs.directory, directory: . }
                """ + TestRegistries.ADD + """
                  - name: relay
                    kind: function.wasm
                    fs: bin
                    path: funcs-relay.wasm
                    method: relay
                %s
                """.formatted(imports);
        return TestRegistries.runtime("c/_index.yaml", yaml, Path.of("src/test/fixtures/component/funcs-relay"));
    }

    @Test
    void aComponentCallsAnotherFunction() {
        try (WasmRegistry r = runtime("    imports: [funcs]")) {
            assertThat(r.call("c:relay", "c:add", "[20, 22]")).isEqualTo("42");
            assertThat(r.call("c:relay", "c:missing", "")).asString().startsWith("NOT_FOUND");
        }
    }

    @Test
    void withoutTheGrantTheImportIsAbsentAndCallingItSaysWhatToGrant() {
        try (WasmRegistry r = runtime("")) {
            assertThatThrownBy(() -> r.call("c:relay", "c:add", "[20, 22]"))
                    .isInstanceOf(WippyException.class)
                    .hasMessageContaining("import 'wippy:runtime/funcs")
                    .hasMessageContaining("is not granted: add 'funcs' to the entry's imports");
        }
    }
}
