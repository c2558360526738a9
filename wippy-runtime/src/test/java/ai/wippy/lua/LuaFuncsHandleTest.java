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

    static final String LUA = TestRegistries.yaml(
            "l", TestRegistries.luaFunction("call", "run", "modules: [funcs]\npool: { type: static, size: 1 }", """
                    local funcs = require("funcs")
                    return { run = function(id, n)
                      local last, err
                      for i = 1, n do
                        last, err = funcs.call(id, i)
                        if err then return "error: " .. tostring(err) end
                      end
                      return last
                    end }
                    """));

    private static String wat(String name, int add) {
        return functions(
                name, "f: func(a: s32) -> s32;", "(param i32) (result i32) local.get 0 i32.const " + add + " i32.add");
    }

    /**
     * The registry text of namespace {@code t}: one {@code function.wat} entry exporting {@code f} for
     * each (name, WIT, core function body) triple.
     */
    static String functions(String... nameWitBody) {
        StringBuilder out = new StringBuilder("version: \"1.0\"\nnamespace: t\nentries:\n");
        for (int i = 0; i < nameWitBody.length; i += 3) {
            out.append("""
                      - name: %s
                        kind: function.wat
                        method: f
                        wit: "%s"
                        source: '(module (func (export "f") %s))'
                    """.formatted(nameWitBody[i], nameWitBody[i + 1], nameWitBody[i + 2]));
        }
        return out.toString();
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
