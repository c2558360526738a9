package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.call.CallContext;
import ai.wippy.engine.EngineMode;
import ai.wippy.registry.RegistryDocument;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.runtime.WasmRegistryBuilder;
import ai.wippy.spi.RuntimeSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code funcs.call} of a function of scalars with plain Lua numbers and booleans takes the scalar
 * path: right answers, anything else (out of range, strings, the wrong count) reported by the
 * general path as before, a changed signature and a removed entry followed, the caller checked.
 */
class LuaScalarCallTest {

    static final String LUA = TestRegistries.yaml(
            "l",
            TestRegistries.luaFunction("call", "run", "modules: [funcs]", """
                    local funcs = require("funcs")
                    return { run = function(id, a, b)
                      local r, err
                      if b == nil then r, err = funcs.call(id, a) else r, err = funcs.call(id, a, b) end
                      if err then return "error: " .. tostring(err) end
                      return r
                    end }
                    """),
            TestRegistries.luaFunction("flag", "run", "modules: [funcs]", """
                    local funcs = require("funcs")
                    return { run = function() return funcs.call("t:neg", 2.5, true) end }
                    """),
            TestRegistries.luaFunction("forms", "run", "modules: [funcs]", """
                    local funcs = require("funcs")
                    return { run = function(id)
                      local e = funcs.new()
                      local out = {}
                      local v = funcs.call(id, 6, 7); out[1] = v
                      v = e:call(id, 6, 7); out[2] = v
                      v = e.call(id, 6, 7); out[3] = v
                      v = e:call(id, 6); out[4] = tostring(v)
                      local r, err = funcs.call(id, 6); out[5] = tostring(err ~= nil)
                      v = funcs.call(id, "6", 7); out[6] = tostring(v) == tostring(select(1, funcs.call(id, "6", 7)))
                      v = funcs.call(id, 1, 2, 3, 4); out[7] = tostring(v)
                      v = funcs.call(id); out[8] = tostring(v)
                      return out
                    end }
                    """),
            TestRegistries.luaFunction("tenant", "run", "modules: [funcs]", """
                    local funcs = require("funcs")
                    return { run = function(id)
                      local e = funcs.new():with_context({ tenant = "t1" })
                      local out = {}
                      for i = 1, 3 do
                        local v, err = e:call(id, 6, 7)
                        out[i] = err and tostring(err) or tostring(v)
                      end
                      return table.concat(out, ",")
                    end }
                    """),
            TestRegistries.luaFunction("one", "run", "modules: [funcs]", """
                    local funcs = require("funcs")
                    return { run = function(id, a, b)
                      local v = funcs.call(id, a, b)
                      return v
                    end }
                    """));

    private static String wat(String wit, String body) {
        return LuaFuncsHandleTest.functions(
                "add",
                wit,
                body,
                "neg",
                "f: func(x: f64, flag: bool) -> f64;",
                "(param f64 i32) (result f64) local.get 0 f64.neg");
    }

    private static final String S32 = "f: func(a: s32, b: s32) -> s32;";
    private static final String SUM = "(param i32 i32) (result i32) local.get 0 local.get 1 i32.add";

    private static RegistryDocument lua(String yaml) {
        return TestRegistries.doc("l/_index.yaml", yaml, Path.of("."));
    }

    /** The Lua entries and {@code t:add} (s32 + s32) with {@code t:neg}. */
    private static WasmRegistryBuilder registry() {
        return WasmRegistry.builder().document(lua(LUA)).document(LuaFuncsHandleTest.wasm(wat(S32, SUM)));
    }

    @Test
    void scalarsGoStraightAndAnythingElseIsReportedAsBefore() {
        try (WasmRegistry r = registry().build()) {
            assertThat(r.call("l:call", "t:add", 6, 7)).isEqualTo(13);
            assertThat(r.call("l:call", "t:add", -6, 2)).isEqualTo(-4);
            assertThat(r.call("l:flag")).isEqualTo(-2.5);
            assertThat(String.valueOf(r.call("l:call", "t:add", 1L << 40, 1)))
                    .startsWith("error: ")
                    .contains("INVALID");
            assertThat(String.valueOf(r.call("l:call", "t:add", 5, null)))
                    .as("one argument for two")
                    .contains("INVALID")
                    .contains("expected 2 argument(s)");
        }
    }

    @Test
    void everyFormOfTheCallGivesWhatTheGeneralPathGives() {
        try (WasmRegistry r = registry().build()) {
            // one result (values, no argument list), the executor's method and field forms, a wrong
            // count, a string argument (the general path decides), more than three arguments, none
            assertThat(r.call("l:forms", "t:add")).isEqualTo(List.of(13, 13, 13, "nil", "true", true, "nil", "nil"));
        }
    }

    @Test
    void aChangedSignatureAndARemovedEntryAreFollowed() {
        try (WasmRegistry r = registry().build()) {
            assertThat(r.call("l:call", "t:add", 6, 7)).isEqualTo(13);
            r.apply(List.of(
                    lua(LUA),
                    LuaFuncsHandleTest.wasm(wat(
                            "f: func(a: s64, b: s64) -> s64;",
                            "(param i64 i64) (result i64) local.get 0 local.get 1 i64.sub"))));
            assertThat(((Number) r.call("l:call", "t:add", 6, 7)).longValue()).isEqualTo(-1L);
            r.apply(List.of(lua(LUA), LuaFuncsHandleTest.wasm(wat(S32, SUM).replace("name: add", "name: other"))));
            assertThat(String.valueOf(r.call("l:call", "t:add", 6, 7)))
                    .contains("NOT_FOUND")
                    .contains("t:add");
        }
    }

    @Test
    void theCallerIsCheckedOnTheScalarPath() throws Exception {
        try (WasmRegistry r = withPolicies(
                TestRegistries.allows("users", "users", "funcs.call", "*"),
                TestRegistries.allows("callers", "callers", "funcs.call", "l:*"))) {
            CallContext alice = TestRegistries.actingAs(r, "alice", "users");
            CallContext bob = TestRegistries.actingAs(r, "bob", "callers");
            for (int i = 0; i < 3; i++) {
                assertThat(CallContext.runWith(alice, () -> r.call("l:call", "t:add", 6, 7)))
                        .isEqualTo(13);
                assertThat(String.valueOf(CallContext.runWith(bob, () -> r.call("l:call", "t:add", 6, 7))))
                        .contains("PERMISSION_DENIED")
                        .contains("bob");
                // the one-result form (values straight to the scalar path): the same caller, the same answers
                assertThat(CallContext.runWith(alice, () -> r.call("l:one", "t:add", 6, 7)))
                        .isEqualTo(13);
                assertThat(CallContext.runWith(bob, () -> r.call("l:one", "t:add", 6, 7)))
                        .isNull();
            }
        }
    }

    /**
     * An executor that adds to the context ({@code with_context}) is not a plain caller: the override is
     * checked on each of its scalar calls, not only on the first, for the allowed and the denied user.
     */
    @Test
    void anExecutorThatAddsToTheContextIsCheckedOnEveryScalarCall() throws Exception {
        try (WasmRegistry r = withPolicies(
                TestRegistries.allows("users", "users,tenants", "funcs.call", "*"),
                TestRegistries.allows("context", "tenants", "funcs.context", "*"))) {
            // two rounds of each user, the allowed one first
            for (String user : List.of("carol", "alice", "carol", "alice")) {
                CallContext caller = TestRegistries.actingAs(r, user, user.equals("carol") ? "tenants" : "users");
                Object answer = CallContext.runWith(caller, () -> r.call("l:tenant", "t:add"));
                if (user.equals("carol")) {
                    assertThat(answer).isEqualTo("13,13,13");
                    continue;
                }
                String denied = String.valueOf(answer);
                assertThat(denied.split(",", -1))
                        .hasSize(3)
                        .allSatisfy(
                                e -> assertThat(e).contains("PERMISSION_DENIED").contains("funcs.context"));
            }
        }
    }

    /** The test's registry with security on and {@code policies} (in a document of namespace s). */
    private static WasmRegistry withPolicies(String... policies) throws Exception {
        return registry()
                .settings(new RuntimeSettings(EngineMode.COMPILER, true, Map.of()))
                .document(TestRegistries.doc("s/_index.yaml", TestRegistries.yaml("s", policies), Path.of(".")))
                .build();
    }
}
