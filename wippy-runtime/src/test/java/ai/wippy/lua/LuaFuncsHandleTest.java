package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.registry.RegistryDocument;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lua's {@code funcs.call} keeps the handle of the ID it called last (per executor): the kept handle
 * calls the entry that replaced the old one after a registry update, fails with {@code NOT_FOUND}
 * naming the ID once the entry is gone, and an executor that calls another ID calls that one.
 */
class LuaFuncsHandleTest {

    static final String LUA = """
            version: "1.0"
            namespace: l
            entries:
              - name: call
                kind: function.lua
                method: run
                modules: [funcs]
                pool: { type: static, size: 1 }
                source: |
                  local funcs = require("funcs")
                  return { run = function(id, n)
                    local last, err
                    for i = 1, n do
                      last, err = funcs.call(id, i)
                      if err then return "error: " .. tostring(err) end
                    end
                    return last
                  end }
            """;

    private static String wat(String name, int add) {
        return """
                version: "1.0"
                namespace: t
                entries:
                  - name: %s
                    kind: function.wat
                    method: f
                    wit: "f: func(a: s32) -> s32;"
                    source: '(module (func (export "f") (param i32) (result i32) local.get 0 i32.const %d i32.add))'
                """.formatted(name, add);
    }

    private static RegistryDocument lua() {
        return TestRegistries.doc("l/_index.yaml", LUA, Path.of("."));
    }

    static RegistryDocument wasm(String yaml) {
        return TestRegistries.doc("t/_index.yaml", yaml, Path.of("."));
    }

    @Test
    void theKeptHandleFollowsUpdatesAndOtherIds() {
        try (WasmRegistry r = WasmRegistry.builder()
                .document(lua())
                .document(wasm(wat("answer", 100)))
                .build()) {
            assertThat(r.call("l:call", "t:answer", 3)).isEqualTo(103);

            r.apply(List.of(lua(), wasm(wat("answer", 200))));
            assertThat(r.call("l:call", "t:answer", 3)).isEqualTo(203);

            r.apply(List.of(lua(), wasm(wat("other", 300))));
            assertThat(String.valueOf(r.call("l:call", "t:answer", 1)))
                    .startsWith("error: ")
                    .contains("NOT_FOUND")
                    .contains("t:answer");
            assertThat(r.call("l:call", "t:other", 1)).isEqualTo(301);

            r.apply(List.of(lua(), wasm(wat("answer", 400))));
            assertThat(r.call("l:call", "t:answer", 2)).isEqualTo(402);
        }
    }
}
