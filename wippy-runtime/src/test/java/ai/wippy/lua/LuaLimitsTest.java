package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Time and memory limits cover everything a script can run: built-ins that loop in Java, chunks
 * loaded with their own environment, and the main chunk at load; and Lua errors at load are
 * registry errors.
 */
@Timeout(120)
class LuaLimitsTest {

    static final String YAML = """
            version: "1.0"
            namespace: lim
            entries:
            """
            + runner("run", "max_execution_ms: 300, max_memory_mb: 32")
            + runner("untimed", "max_memory_mb: 32")
            + runner("big", "max_execution_ms: 300, max_memory_mb: 1024");

    /** A function.lua entry {@code name} that runs the Lua code it is given, under {@code limits}. */
    private static String runner(String name, String limits) {
        return """
                  - name: %s
                    kind: function.lua
                    method: run
                    limits: { %s }
                    source: |
                      return { run = function(code, ...)
                        return assert(load(code))(...)
                      end }
                """.formatted(name, limits);
    }

    private static void assertKind(WasmRegistry r, String id, String code, ErrorKind kind, String message) {
        assertThatThrownBy(() -> r.call(id, code))
                .as(code)
                .isInstanceOfSatisfying(
                        WippyException.class,
                        e -> assertThat(e.kind())
                                .as(code + ": " + e.getMessage())
                                .isEqualTo(kind))
                .hasMessageContaining(message);
    }

    @Test
    void backtrackingPatternsStopAtTheDeadline() {
        String subject = "local s = string.rep('a', 3000) ";
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            for (String code : List.of(
                    subject + "return s:find('.-.-.-.-.-.-b')",
                    subject + "return s:match('(.-)(.-)(.-)(.-)(.-)b')",
                    subject + "return s:gsub('a*a*a*a*a*b', 'x')",
                    subject + "for m in s:gmatch('.-.-.-.-b') do end",
                    subject + "return s:find('(a-)(a-)(a-)(a-)%4b')")) {
                assertKind(r, "lim:run", code, ErrorKind.TIMEOUT, "exceeded max_execution_ms 300");
            }
            assertThat(r.call("lim:run", "return ('hello world'):gsub('o', '0')"))
                    .isEqualTo("hell0 w0rld");
        }
    }

    @Test
    void aLongSortWithoutAComparatorStopsAtTheDeadline() {
        Random random = new Random(7);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 3_000_000; i++) {
            values.add(random.nextDouble());
        }
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            assertThatThrownBy(() -> r.call("lim:big", "local t = ... table.sort(t) return t[1]", values))
                    .isInstanceOfSatisfying(
                            WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
            assertThat(r.call("lim:run", "local t = {3, 1, 2} table.sort(t) return t"))
                    .isEqualTo(List.of(1, 2, 3));
            assertThat(r.call("lim:run", "local t = {3, 1, 2} table.sort(t, function(a, b) return a > b end) return t"))
                    .isEqualTo(List.of(3, 2, 1));
        }
    }

    @Test
    void aChunkLoadedWithItsOwnEnvironmentIsStillTimed() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            assertKind(
                    r,
                    "lim:run",
                    "return load('while true do end', 'x', 't', {})()",
                    ErrorKind.TIMEOUT,
                    "exceeded max_execution_ms 300");
            assertThat(r.call("lim:run", "return load('return x + 1', 'x', 't', {x = 41})()"))
                    .isEqualTo(42);
        }
    }

    @Test
    void memoryBombsEndWithTrappedAndTheRuntimeKeepsServing() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            for (String code : List.of(
                    "return string.rep('x', 2^31)",
                    "return string.rep('x', 2^40)",
                    "return ('ab'):rep(2^29, ',')",
                    "local s = 'x' while true do s = s .. s end",
                    "local s = 'x' while true do s = s .. s .. s end",
                    "local s = string.rep('x', 1000) for i = 1, 20 do s = s:gsub('x', 'xxxxxxxx') end return #s",
                    "local t, i = {}, 0 while true do i = i + 1 t[i] = i end",
                    "local t, s = {}, string.rep('x', 100000) while true do t[#t + 1] = s .. #t end",
                    "local t = {} while true do t[#t + 1] = {} end",
                    "return table.unpack({}, 1, 2^30)",
                    "local t, s = {}, string.rep('x', 1000000) for i = 1, 1000 do t[i] = s end return table.concat(t)",
                    "local s = string.rep('x', 1000000) return string.format(string.rep('%s', 100), s, s, s, s, s, s,"
                            + " s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s)",
                    "local s = string.rep('x', 1000000) local t = {} for i = 1, 200 do t[i] = s end"
                            + " return { t, t, t, t, t, t, t, t, t, t }")) {
                assertKind(r, "lim:untimed", code, ErrorKind.TRAPPED, "memory limit exceeded");
                assertThat(r.call("lim:untimed", "return 1 + 1")).isEqualTo(2);
            }
        }
    }

    @Test
    void theMessageNamesTheLimit() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            assertKind(
                    r,
                    "lim:untimed",
                    "return string.rep('x', 2^31)",
                    ErrorKind.TRAPPED,
                    "limits.max_memory_mb (32 MiB)");
            assertKind(
                    r, "lim:untimed", "pcall(string.rep, 'x', 2^31) return 'swallowed'", ErrorKind.TRAPPED, "32 MiB");
        }
    }

    @Test
    void garbageIsNotHeldAgainstTheCall() {
        try (WasmRegistry r = TestRegistries.runtime(YAML)) {
            // 400 MiB allocated in all, never more than a few MiB held at once
            assertThat(
                            r.call(
                                    "lim:untimed",
                                    "local n = 0 for i = 1, 400 do local s = string.rep('x', 1048576) .. i n = n + #s end return n"))
                    .isEqualTo(400 * 1048576 + 9 + 90 * 2 + 301 * 3);
            assertThat(r.call("lim:untimed", "local s = '' for i = 1, 20000 do s = s .. 'x' end return #s"))
                    .isEqualTo(20000);
            assertThat(r.call(
                            "lim:untimed",
                            "local t = {} for i = 1, 100000 do t[i] = {i} end t = nil"
                                    + " local u = {} for i = 1, 100000 do u[i] = {i} end return #u"))
                    .isEqualTo(100000);
        }
    }

    @Test
    void anEndlessMainChunkFailsTheBootWithTheFileAndEntry() {
        RegistryException endless =
                refusedAtLoad("limits: { max_load_ms: 200 }", "while true do end return { m = function() end }");
        assertThat(endless.entryId()).isEqualTo("l:f");
        assertThat(endless.field()).isEqualTo("source");
        assertThat(endless.file()).isNotNull();
        assertThat(endless)
                .hasMessageContaining("ran longer than 200 ms at load")
                .hasMessageContaining("max_load_ms");
        assertThat(refusedAtLoad(
                        "limits: { max_load_ms: 200 }",
                        "local x = string.rep(\"a\", 3000):find(\".-.-.-.-.-.-b\") return { m = function() end }"))
                .hasMessageContaining("ran longer than 200 ms at load");
        assertThat(refusedAtLoad("local s = string.rep(\"x\", 2^31) return { m = function() end }"))
                .hasMessageContaining("memory limit exceeded")
                .hasMessageContaining("64 MiB");
    }

    @Test
    void aLuaErrorAtLoadIsARegistryErrorWithTheLine() {
        RegistryException raised = refusedAtLoad("local x = 1\nerror('broken at load')\nreturn {}\n");
        assertThat(raised.entryId()).isEqualTo("l:f");
        assertThat(raised.field()).isEqualTo("source");
        assertThat(raised)
                .hasMessageContaining("the main chunk failed at load")
                .hasMessageContaining(":2:")
                .hasMessageContaining("broken at load")
                .hasMessageNotContaining("stack traceback");
        assertThat(refusedAtLoad("local t = nil\n\nt.x = 1\nreturn {}\n"))
                .hasMessageContaining(":3:")
                .hasMessageContaining("index");
        assertThat(refusedAtLoad("return {\n  m = \n"))
                .hasMessageContaining("Lua does not compile")
                .hasMessageContaining(":3:");
        String compiles = "return { m = function() end }";
        assertThat(refusedAtLoad("limits: { max_memory_mb: 0 }", compiles).field())
                .isEqualTo("limits.max_memory_mb");
        assertThat(refusedAtLoad("limits: { max_memory_pages: 4 }", compiles).field())
                .isEqualTo("limits.max_memory_pages");
    }

    private static RegistryException refusedAtLoad(String source) {
        return refusedAtLoad("", source);
    }

    /** The {@link RegistryException} booting entry {@code l:f} (method {@code m}) of {@code source} fails with. */
    private static RegistryException refusedAtLoad(String fields, String source) {
        return TestRegistries.refused(TestRegistries.yaml("l", TestRegistries.luaFunction("f", "m", fields, source)));
    }
}
