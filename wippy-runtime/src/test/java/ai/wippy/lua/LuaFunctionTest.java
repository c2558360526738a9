package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.GuestErrorException;
import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LuaFunctionTest {

    static final Path FIXTURES = Path.of("src/test/fixtures/component").toAbsolutePath();

    static final String YAML = """
            version: "1.0"
            namespace: myns
            entries:
              - name: fixtures
                kind: fs.directory
                directory: .
              - name: transform_users
                kind: function.wasm
                fs: fixtures
                path: transform-users/transform-users.wasm
                method: transform-users
            """ + TestRegistries.ADD + """
              - name: relay
                kind: function.wasm
                fs: fixtures
                path: funcs-relay/funcs-relay.wasm
                method: relay
                imports: [funcs]
              # the SPEC's example, as written
              - name: main
                kind: function.lua
                method: main
                modules: [funcs]
                source: |
                  local funcs = require("funcs")
                  local function main(users)
                    local out, err = funcs.call("myns:transform_users", users)
                    if err then return nil, err end
                    return out
                  end
                  return { main = main }
              - name: greet
                kind: function.lua
                method: greet
                modules: [ctx, json, logger, time]
                source: |
                  local ctx = require("ctx")
                  local json = require("json")
                  local logger = require("logger")
                  local time = require("time")
                  return { greet = function(name)
                    time.sleep("5ms")
                    logger.info("greeting " .. name)
                    leaked = (leaked or 0) + 1
                    return json.encode({ hello = name, tenant = ctx.get("tenant"), calls = leaked })
                  end }
              - name: sum-via-wasm
                kind: function.lua
                method: run
                modules: [funcs]
                source: |
                  local funcs = require("funcs")
                  return { run = function(a, b)
                    -- Lua -> WASM (relay) -> Lua (greet): the far end answers through call-string
                    local viaRelay = funcs.call("myns:relay", "myns:greet", '"bob"')
                    local sum, err = funcs.call("myns:add", a, b)
                    if err then return nil, err end
                    local fut = funcs.async("myns:add", sum, 1)
                    return { sum = sum, next = fut:result(), relay = viaRelay }
                  end }
              - name: fails
                kind: function.lua
                method: run
                modules: [funcs]
                source: |
                  local funcs = require("funcs")
                  return { run = function(what)
                    if what == "return" then return nil, "bad input" end
                    if what == "raise" then error("boom") end
                    local out, err = funcs.call("myns:add", 1, 300000000000)
                    return nil, err
                  end }
              - name: far-error
                kind: function.lua
                method: run
                modules: [funcs]
                source: |
                  local funcs = require("funcs")
                  return { run = function()
                    -- Lua -> WASM (relay) -> Lua (fails): the far end's error comes back as the err string
                    return funcs.call("myns:relay", "myns:fails", '"return"')
                  end }
              - name: spin
                kind: function.lua
                method: run
                limits: { max_execution_ms: 200 }
                source: |
                  return { run = function() while true do end end }
              - name: escape
                kind: function.lua
                method: try
                source: |
                  return { try = function(code)
                    local f, err = load(code)
                    if not f then return "refused: " .. tostring(err) end
                    local ok, res = pcall(f)
                    if ok and res ~= nil then return "escaped: " .. tostring(res) end
                    return "refused: " .. tostring(res)
                  end }
            """;

    static WasmRegistry runtime() {
        return TestRegistries.runtime("lua/_index.yaml", YAML, FIXTURES);
    }

    @Test
    void theSpecExampleCallsAComponentWithRecords() {
        try (WasmRegistry r = runtime()) {
            Object out = r.call("myns:main", List.of(Map.of("name", "ada", "age", 36, "tags", List.of("x", "y"))));
            assertThat(out)
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                    .hasSize(1);
            @SuppressWarnings("unchecked")
            Map<String, Object> first = (Map<String, Object>) ((List<?>) out).get(0);
            assertThat(first)
                    .containsEntry("name", "ADA")
                    .containsEntry("adult", true)
                    .containsEntry("tag-count", 2);
        }
    }

    @Test
    void modulesAndIsolatedGlobals() {
        try (WasmRegistry r = runtime()) {
            String first =
                    (String) r.caller().withContext(Map.of("tenant", "acme")).call("myns:greet", "ada");
            assertThat(first)
                    .contains("\"hello\":\"ada\"")
                    .contains("\"tenant\":\"acme\"")
                    .contains("\"calls\":1");
            String second = (String) r.call("myns:greet", "bob");
            assertThat(second).as("globals do not leak between calls").contains("\"calls\":1");
        }
    }

    @Test
    void luaCallsWasmWhichCallsLua() {
        try (WasmRegistry r = runtime()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> out = (Map<String, Object>) r.call("myns:sum-via-wasm", 6, 7);
            assertThat(out).containsEntry("sum", 13).containsEntry("next", 14);
            assertThat((String) out.get("relay")).contains("\"hello\":\"bob\"");
        }
    }

    @Test
    void errorsComeBackWithTheirKind() {
        try (WasmRegistry r = runtime()) {
            assertThatThrownBy(() -> r.call("myns:fails", "return"))
                    .isInstanceOfSatisfying(
                            GuestErrorException.class,
                            e -> assertThat(e.errorValue()).isEqualTo("bad input"));
            TestRegistries.failsWith(ErrorKind.INTERNAL, () -> r.call("myns:fails", "raise"))
                    .hasMessageContaining("boom");
            // the far end's INVALID (300000000000 does not fit s32) comes back with its kind
            TestRegistries.failsWith(ErrorKind.INVALID, () -> r.call("myns:fails", "nested"))
                    .hasMessageContaining("out of range for s32");
        }
    }

    @Test
    void anErrorAtTheFarEndOfJavaLuaWasmLuaKeepsItsKind() {
        try (WasmRegistry r = runtime()) {
            assertThat(r.call("myns:far-error")).isEqualTo("GUEST_ERROR: guest returned an error: bad input");
        }
    }

    @Test
    void maxExecutionStopsAnInfiniteLoop() {
        try (WasmRegistry r = runtime()) {
            long start = System.nanoTime();
            TestRegistries.failsWith(ErrorKind.TIMEOUT, () -> r.call("myns:spin"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void sandboxEscapesAreRefused() {
        try (WasmRegistry r = runtime()) {
            for (String code : List.of(
                    "return io.open('/etc/passwd')",
                    "return os.execute('id')",
                    "return os.getenv('HOME')",
                    "return require('io')",
                    "return require('funcs')",
                    "return debug.getinfo(1)",
                    "return luajava.bindClass('java.lang.System')",
                    "return dofile('/etc/passwd')",
                    "return loadfile('/etc/passwd')",
                    "return string.dump(function() end)",
                    "local g, e = load('\\27Lua') if g then return 'loaded a binary chunk' end error(e)",
                    "return getmetatable('').__index.dump",
                    "return package.loadlib",
                    "return require('package').searchpath",
                    "return require('package').loadlib")) {
                assertThat((String) r.call("myns:escape", code)).as(code).startsWith("refused");
            }
            assertThat((String) r.call("myns:escape", "return 1 + 1")).isEqualTo("escaped: 2");
        }
    }

    @Test
    void badEntriesStopTheBoot() {
        String compiles = "return { m = function() end }";
        assertThat(refused("m", "return {").field()).isEqualTo("source");
        assertThat(refused("nope", compiles).field()).isEqualTo("method");
        assertThat(refused("m", "modules: [io]", compiles).field()).isEqualTo("modules[0]");
    }

    private static RegistryException refused(String method, String source) {
        return refused(method, "", source);
    }

    private static RegistryException refused(String method, String fields, String source) {
        return TestRegistries.refused(
                TestRegistries.yaml("l", TestRegistries.luaFunction("f", method, fields, source)));
    }
}
