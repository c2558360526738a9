package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LuaProcessModuleTest {

    static final String YAML = """
            version: "1.0"
            namespace: p
            entries:
              - name: exit7
                kind: process.wasm
                source: |
                  (module
                    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
                    (memory (export "memory") 1)
                    (func (export "_start") (call $exit (i32.const 7))))
              - name: supervisor
                kind: function.lua
                method: run
                modules: [process]
                source: |
                  local process = require("process")
                  return { run = function()
                    local pid = process.spawn_monitored("p:exit7", nil, "a", "b")
                    local event = process.events():receive(10000)
                    return { pid = pid, same = event.pid == pid, id = event.id, code = event.code }
                  end }
            """;

    @Test
    void luaSpawnsAProcessAndReceivesItsExitEvent() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> out = (Map<String, Object>) r.call("p:supervisor");
            assertThat(out)
                    .containsEntry("same", true)
                    .containsEntry("id", "p:exit7")
                    .containsEntry("code", 7);
        }
    }
}
