package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LuaProcessModuleTest {

    /** A process that exits with code 7 at once (an entry of a registry's {@code entries}). */
    static final String EXIT7 = """
              - name: exit7
                kind: process.wasm
                source: |
                  (module
                    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
                    (memory (export "memory") 1)
                    (func (export "_start") (call $exit (i32.const 7))))
            """;

    static final String YAML = """
            version: "1.0"
            namespace: p
            entries:
            """ + EXIT7 + """
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

    /** As Wippy's call_process_wasm: a component's export as a process, its arguments from the spawn. */
    static final String COMPONENT = """
            version: "1.0"
            namespace: p
            entries:
              - name: assets
                kind: fs.directory
                directory: ./testbed
              - name: compute
                kind: process.wasm
                fs: p:assets
                path: /minimal.wasm
                method: compute
              - name: run
                kind: function.lua
                method: run
                source: |
                  local time = require("time")
                  return { run = function(a, b)
                    local events = process.events()
                    local pid = process.spawn_monitored("p:compute", nil, a, b)
                    local selected = channel.select({ events:case_receive(), time.after("5s"):case_receive() })
                    if selected.channel ~= events then return { timeout = true } end
                    local e = selected.value
                    return { same = e.from == pid, exit = e.kind == process.event.EXIT,
                             value = e.result.value, error = e.result.error and tostring(e.result.error) }
                  end }
                modules: [time]
            """;

    @Test
    void aComponentExportRunsAsAProcessWithTheSpawnsArguments() {
        try (WasmRegistry r = TestRegistries.runtime(
                "p/_index.yaml",
                COMPONENT,
                java.nio.file.Path.of("src/test/fixtures/component").toAbsolutePath())) {
            @SuppressWarnings("unchecked")
            Map<String, Object> ok = (Map<String, Object>) r.call("p:run", 6, 7);
            assertThat(ok)
                    .containsEntry("same", true)
                    .containsEntry("exit", true)
                    .containsEntry("value", 42);
            @SuppressWarnings("unchecked")
            Map<String, Object> bad = (Map<String, Object>) r.call("p:run", 6, "seven");
            assertThat(bad).containsEntry("exit", true);
            assertThat(String.valueOf(bad.get("error")))
                    .contains("argument 2 (b: u32) is not a value of that type: 'seven'");
        }
    }

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
