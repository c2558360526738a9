package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One call of one entry tries to poison what other Lua code sees (the string metatable, the
 * {@code string}, {@code table} and {@code math} tables, module tables); another entry, and the next
 * call of the same entry, must see nothing of it.
 */
class LuaIsolationTest {

    static final String YAML = """
            version: "1.0"
            namespace: iso
            entries:
              - name: attacker
                kind: function.lua
                method: run
                modules: [json, funcs]
                source: |
                  return { run = function(code)
                    local f = assert(load(code))
                    local ok, res = pcall(f)
                    return (ok and "ran: " or "refused: ") .. tostring(res)
                  end }
              - name: victim
                kind: function.lua
                method: run
                modules: [json, funcs]
                source: |
                  local json = require("json")
                  return { run = function()
                    return table.concat({
                      ("abc"):upper(), string.upper("abc"), ("x"):rep(3), string.format("%d", 7),
                      tostring(("x").trim), tostring(string.trim), tostring(rawget(string, "evil")),
                      json.encode({1}), tostring(require("funcs").call == nil),
                      tostring(math.floor(2.5)), tostring(#table), tostring(table.insert ~= nil)
                    }, ",")
                  end }
            """;

    static final String CLEAN = "ABC,ABC,xxx,7,nil,nil,nil,[1],false,2,0,true";

    @Test
    void poisoningFromOneEntryIsSeenByNoOtherCall() {
        List<String> attacks = List.of(
                "string.upper = function() return 'POISONED' end; return ('abc'):upper()",
                "getmetatable('').__index.upper = function() return 'POISONED' end",
                "getmetatable('').__index = { upper = function() return 'POISONED' end }",
                "rawset(getmetatable(''), '__index', { upper = function() return 'POISONED' end })",
                "rawset(getmetatable('').__index, 'upper', function() return 'POISONED' end)",
                "rawset(getmetatable('').__index, 'evil', true)",
                "setmetatable(getmetatable(''), { __index = function() return 'POISONED' end })",
                "setmetatable(getmetatable('').__index, { __index = function() return 'POISONED' end })",
                "table.insert(getmetatable('').__index, 'POISONED')",
                "getmetatable('').__index.trim = function(s) return 'POISONED' end",
                "string.trim = function(s) return 'trimmed' end; return ('x'):trim()",
                "rawset(string, 'evil', true); string.rep = nil; string.format = nil",
                "require('json').encode = function() return 'POISONED' end",
                "require('funcs').call = nil",
                "math.floor = function() return 'POISONED' end; table.insert = nil; table[1] = 1",
                "local mt = getmetatable(''); mt.__index = nil; return mt.__index");
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            assertThat(r.call("iso:victim")).isEqualTo(CLEAN);
            for (String attack : attacks) {
                String outcome = (String) r.call("iso:attacker", attack);
                assertThat(r.call("iso:victim"))
                        .as("another entry after: " + attack)
                        .isEqualTo(CLEAN);
                assertThat((String) r.call(
                                "iso:attacker",
                                "return table.concat({('abc'):upper(), string.upper('abc'), tostring(('x').trim),"
                                        + " tostring(getmetatable('').__index.evil), math.floor(2.5)}, ',')"))
                        .as("the next call of the same entry after: " + attack)
                        .isEqualTo("ran: ABC,ABC,nil,nil,2");
                if (attack.contains("getmetatable")) {
                    assertThat(outcome)
                            .as(attack)
                            .startsWith("refused")
                            .containsAnyOf(
                                    "attempt to modify a read-only table", "cannot change a protected metatable");
                }
            }
        }
    }

    @Test
    void concurrentCallsEachSeeTheirOwnStringMethods() throws Exception {
        String own = "string.upper = function() return 'MINE' end"
                + " local n = 0 for i = 1, 2000 do if ('abc'):upper() == 'MINE' then n = n + 1 end end return n";
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            List<java.util.concurrent.CompletableFuture<Object>> attackers = new java.util.ArrayList<>();
            List<java.util.concurrent.CompletableFuture<Object>> victims = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                attackers.add(r.callAsync("iso:attacker", own).toFuture());
                victims.add(r.callAsync("iso:victim").toFuture());
            }
            for (var a : attackers) {
                assertThat(a.get())
                        .as("a call sees its own string.upper through s:upper()")
                        .isEqualTo("ran: 2000");
            }
            for (var v : victims) {
                assertThat(v.get()).isEqualTo(CLEAN);
            }
        }
    }

    @Test
    void aCallExtendsItsOwnStringTableAndStringMethodsSeeIt() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            assertThat(r.call(
                            "iso:attacker",
                            "function string.shout(s) return s:upper() .. '!' end; return ('hi'):shout()"))
                    .isEqualTo("ran: HI!");
            assertThat(r.call("iso:attacker", "return getmetatable('').__index.upper == string.upper"))
                    .as("the string metatable reads the call's own string table")
                    .isEqualTo("ran: true");
            assertThat(r.call("iso:attacker", "return ('hi'):shout()"))
                    .as("the next call starts from a clean string table")
                    .asString()
                    .startsWith("refused");
        }
    }
}
