package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code library.lua} entries and the {@code imports:} map of Lua entries, as Wippy has them. */
class LuaLibraryTest {

    static final String LIB = """
            version: "1.0"
            namespace: app.lib
            entries:
              - name: assert
                kind: library.lua
                source: |
                  local M = {}
                  function M.eq(a, b, msg)
                    if a ~= b then error((msg or "assertion failed") .. ": expected " .. tostring(b) .. ", got " .. tostring(a), 2) end
                  end
                  counter = (counter or 0) + 1   -- a global of the library's own environment
                  M.loads = counter
                  return M
              - name: text
                kind: library.lua
                modules: [json]
                imports:
                  check: assert              # bare: the library's own namespace
                source: |
                  local json = require("json")
                  local check = require("check")
                  return {
                    encode = function(v) return json.encode(v) end,
                    shout = function(s) check.eq(type(s), "string", "shout takes a string"); return s:upper() .. "!" end,
                  }
              - name: greedy
                kind: library.lua
                source: |
                  return { fill = function() local s = "x"; for i = 1, 40 do s = s .. s end; return #s end,
                           spin = function() while true do end end }
            """;

    static final String APP = """
            version: "1.0"
            namespace: app
            entries:
              - name: main
                kind: function.lua
                method: main
                imports:
                  assert2: app.lib:assert
                  text: app.lib:text
                source: |
                  local assert = require("assert2")
                  local text = require("text")
                  local function main(s)
                    assert.eq(require("assert2"), assert, "one value per call")
                    assert.eq(assert.loads, 1, "the library's chunk ran once in this call")
                    return { shout = text.shout(s), json = text.encode({ 1, 2 }), global = counter }
                  end
                  return { main = main }
              - name: fails
                kind: function.lua
                method: main
                imports: { assert2: app.lib:assert }
                source: |
                  local assert = require("assert2")
                  return { main = function(v) assert.eq(v, 1, "v must be 1"); return true end }
              - name: no_json
                kind: function.lua
                method: main
                imports: { text: app.lib:text }
                source: |
                  return { main = function() return require("json") end }
              - name: greedy
                kind: function.lua
                method: main
                imports: { greedy: app.lib:greedy }
                limits: { max_execution_ms: 300, max_memory_mb: 16 }
                source: |
                  local g = require("greedy")
                  return { main = function(what) return g[what]() end }
            """;

    private static WasmRegistry runtime(String... yamls) {
        var b = WasmRegistry.builder();
        for (int i = 0; i < yamls.length; i++) {
            b.document(TestRegistries.doc("f" + i + "/_index.yaml", yamls[i], java.nio.file.Path.of(".")));
        }
        return b.build();
    }

    @Test
    @SuppressWarnings("unchecked")
    void importsBindLibrariesToNamesRequireLoads() {
        try (WasmRegistry r = runtime(LIB, APP)) {
            var out = (java.util.Map<String, Object>) r.call("app:main", "hi");
            assertThat(out).containsEntry("shout", "HI!").containsEntry("json", "[1,2]");
            // the library's global stays in its own environment, not the caller's
            assertThat(out).doesNotContainKey("global");
            // fresh per call: the library's counter starts again
            var again = (java.util.Map<String, Object>) r.call("app:main", "ho");
            assertThat(again).containsEntry("shout", "HO!");
        }
    }

    @Test
    void aLibraryErrorNamesTheCaller() {
        try (WasmRegistry r = runtime(LIB, APP)) {
            assertThat(r.call("app:fails", 1)).isEqualTo(true);
            assertThatThrownBy(() -> r.call("app:fails", 2))
                    .isInstanceOf(WippyException.class)
                    .hasMessageContaining("v must be 1: expected 1, got 2");
        }
    }

    @Test
    void aLibrarysModulesAreItsOwn() {
        try (WasmRegistry r = runtime(LIB, APP)) {
            // text may require json; the function importing text may not
            assertThatThrownBy(() -> r.call("app:no_json"))
                    .isInstanceOf(WippyException.class)
                    .hasMessageContaining("module 'json' is not available to app:no_json")
                    .hasMessageContaining("imported: [text]");
        }
    }

    @Test
    void libraryCodeIsHeldToTheCallersLimits() {
        try (WasmRegistry r = runtime(LIB, APP)) {
            TestRegistries.failsWith(ErrorKind.TRAPPED, () -> r.call("app:greedy", "fill"))
                    .hasMessageContaining("memory limit exceeded");
            TestRegistries.failsWith(ErrorKind.TIMEOUT, () -> r.call("app:greedy", "spin"));
        }
    }

    private static RegistryException bootFails(String... yamls) {
        try (WasmRegistry r = runtime(yamls)) {
            throw new AssertionError("booted: " + r);
        } catch (RegistryException e) {
            return e;
        }
    }

    /** A registry document of namespace {@code app} with {@code entries}. */
    private static String app(String... entries) {
        return TestRegistries.yaml("app", entries);
    }

    /** A function.lua entry {@code name} (method main) that compiles, with {@code fields} (whole YAML lines). */
    private static String function(String name, String fields) {
        return TestRegistries.luaFunction(name, "main", fields, "return { main = function() end }");
    }

    @Test
    void badImportsStopTheBootNamingFileEntryAndField() {
        RegistryException missing = bootFails(app(function("f", "imports: { a: app.lib:nope }")));
        assertThat(missing.getMessage()).contains("f0/_index.yaml", "'app:f'", "imports.a", "app.lib:nope");

        RegistryException notLibrary = bootFails(app(function("g", ""), function("f", "imports: { a: g }")));
        assertThat(notLibrary.getMessage()).contains("'app:f'", "imports.a", "of kind function.lua");

        RegistryException cycle = bootFails(app(
                TestRegistries.luaLibrary("a", "imports: { b: b }", "return {}"),
                TestRegistries.luaLibrary("b", "imports: { c: c }", "return {}"),
                TestRegistries.luaLibrary("c", "imports: { a: app:a }", "return {}")));
        assertThat(cycle.getMessage()).contains("'app:c'", "imports.a", "cycle: app:a -> app:b -> app:c -> app:a");

        RegistryException list = bootFails(app(function("f", "imports: [a]")));
        assertThat(list.field()).isEqualTo("imports");

        RegistryException clash =
                bootFails(LIB, app(function("f", "modules: [json]\nimports: { json: app.lib:assert }")));
        assertThat(clash.field()).isEqualTo("imports.json");

        RegistryException unknown = bootFails(app(TestRegistries.luaLibrary("l", "method: main", "return {}")));
        assertThat(unknown.field()).isEqualTo("method");

        RegistryException broken = bootFails(app(TestRegistries.luaLibrary("l", "", "return {")));
        assertThat(broken.field()).isEqualTo("source");

        // a library whose main chunk fails is a boot error even before anything imports it
        RegistryException raising =
                bootFails(app(TestRegistries.luaLibrary("l", "", "local x = nil\nreturn { v = x.field }\n")));
        assertThat(raising.field()).isEqualTo("source");
        assertThat(raising.getMessage()).contains("'app:l'", "the main chunk failed at load", "app:l:2");
        assertThat(List.of(broken.getMessage())).allMatch(m -> m.contains("does not compile"));
    }
}
