package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.wippy.call.WippyException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaError;

/**
 * The guard keeps each frame's position itself and hands it to LuaJ's call stack only when that is
 * read: a traceback still names every frame with the line it is at, the failing one at the failing
 * instruction (not a call) and its callers at their calls.
 */
class LuaTracebackTest {

    static final String YAML = """
            version: "1.0"
            namespace: tb
            entries:
              - name: f
                kind: function.lua
                method: run
                source: |
                  local function inner(t)
                    local a = 1
                    return t.x + a
                  end
                  local function middle(t)
                    local b = 2
                    local r = inner(t)
                    return r + b
                  end
                  return { run = function()
                    local s = 0
                    for i = 1, 300 do s = s + i end
                    local r = middle({})
                    return r
                  end }
            """;

    @Test
    void aTracebackNamesEveryFrameAtItsLine() {
        try (WasmRegistry registry = TestRegistries.runtime(YAML)) {
            WippyException e = catchThrowableOfType(WippyException.class, () -> registry.call("tb:f"));
            Throwable t = e;
            while (t != null && !(t instanceof LuaError)) {
                t = t.getCause();
            }
            assertThat(t).as("the Lua error behind %s", e).isNotNull();
            String trace = t.getMessage();
            assertThat(trace).contains("stack traceback:");
            assertThat(trace).containsPattern(":3: in (function 'inner'|upvalue 'inner'|local 'inner')");
            assertThat(trace).containsPattern(":7: in (function 'middle'|upvalue 'middle'|local 'middle')");
            assertThat(trace).containsPattern(":13: in ");
            assertThat(trace.indexOf(":3: in ")).isLessThan(trace.indexOf(":7: in "));
            assertThat(trace.indexOf(":7: in ")).isLessThan(trace.indexOf(":13: in "));
        }
    }
}
