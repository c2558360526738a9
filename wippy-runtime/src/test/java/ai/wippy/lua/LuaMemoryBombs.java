package ai.wippy.lua;

import ai.wippy.call.WippyException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.util.List;

/**
 * Run by {@link LuaMemoryBombsTest} in a JVM of its own with a small heap: every bomb must end with
 * the call's memory limit, never with the JVM's. Prints one line per bomb and per follow-up call.
 */
public final class LuaMemoryBombs {

    static final List<String> BOMBS = List.of(
            "return string.rep('x', 2^31)",
            "return string.rep('x', 2^30)",
            "local s = 'x' while true do s = s .. s end",
            "local s = 'x' while true do s = s .. s .. s .. '!' end",
            "local s = string.rep('x', 1000) for i = 1, 20 do s = s:gsub('x', 'xxxxxxxx') end return #s",
            "local s = string.rep('x', 1000) for i = 1, 20 do s = s:gsub('x', function(c) return c .. c .. c end) end",
            "local t, i = {}, 0 while true do i = i + 1 t[i] = i end",
            "local t, i = {}, 0 while true do i = i + 1 t['k' .. i] = i end",
            "local t = {} while true do t[#t + 1] = {} end",
            "local t, s = {}, string.rep('x', 100000) while true do t[#t + 1] = s .. #t end",
            "local t = {} for i = 1, 64 do t[i] = string.rep('x', 2^20) end local u = {} for i = 1, 4000 do u[i] = t end"
                    + " return table.concat(t) .. table.concat(t)",
            "return table.unpack({}, 1, 2^28)",
            "local s = string.rep('x', 2^20) local t = {} for i = 1, 500 do t[i] = s end return t",
            "local f = function() end local t = {} while true do t[#t + 1] = function() return f end end");

    private LuaMemoryBombs() {}

    public static void main(String[] args) {
        String yaml = """
                version: "1.0"
                namespace: bomb
                entries:
                  - name: run
                    kind: function.lua
                    method: run
                    source: |
                      return { run = function(code) return assert(load(code))() end }
                """;
        try (WasmRegistry r = TestRegistries.runtime(yaml)) {
            for (int i = 0; i < BOMBS.size(); i++) {
                try {
                    Object out = r.call("bomb:run", BOMBS.get(i));
                    System.out.println(
                            "BOMB " + i + " returned " + String.valueOf(out).length());
                } catch (WippyException e) {
                    System.out.println(
                            "BOMB " + i + " " + e.kind() + " " + e.getMessage().replace('\n', ' '));
                }
                System.out.println("AFTER " + i + " " + r.call("bomb:run", "return ('ok'):upper()"));
            }
        } catch (OutOfMemoryError e) {
            System.out.println("JVM OutOfMemoryError " + e.getMessage());
            System.exit(3);
        }
        System.out.println("DONE");
        System.exit(0);
    }
}
