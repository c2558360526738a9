package ai.wippy.runtime;

import static ai.wippy.runtime.TestRegistries.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.call.ErrorKind;
import org.junit.jupiter.api.Test;

class WatFunctionTest {

    static final String YAML = """
            version: "1.0"
            namespace: demo
            entries:
              - name: answer
                kind: function.wat
                method: answer
                source: |
                  (module (func (export "answer") (result i32) i32.const 42))
              - name: add
                kind: function.wat
                method: add
                wit: "add: func(a: s32, b: s32) -> s32;"
                source: |
                  (module (func (export "add") (param i32 i32) (result i32)
                    local.get 0 local.get 1 i32.add))
              - name: small
                kind: function.wat
                method: id
                wit: "id: func(x: u8) -> u8;"
                source: |
                  (module (func (export "id") (param i32) (result i32) local.get 0))
            """;

    @Test
    void callsAnInlineWatFunction() {
        try (WasmRegistry registry = TestRegistries.runtime(YAML)) {
            assertThat(registry.call("demo:answer")).isEqualTo(42);
            assertThat(registry.call("demo:add", 6, 7)).isEqualTo(13);
            assertThat(registry.callAsync("demo:add", 1, 2).block()).isEqualTo(3);
        }
    }

    @Test
    void refusesOutOfRangeArgumentsBeforeTheGuestRuns() {
        try (WasmRegistry registry = TestRegistries.runtime(YAML)) {
            assertThat(registry.call("demo:small", 200)).isEqualTo(200);
            failsWith(ErrorKind.INVALID, () -> registry.call("demo:small", 300))
                    .hasMessageContaining("x: value 300 is out of range for u8");
        }
    }

    @Test
    void unknownFunctionIsNotFound() {
        try (WasmRegistry registry = TestRegistries.runtime(YAML)) {
            failsWith(ErrorKind.NOT_FOUND, () -> registry.call("demo:nope"));
        }
    }
}
