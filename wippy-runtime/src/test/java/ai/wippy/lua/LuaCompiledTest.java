package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.lua.LuaCompiled.Tier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.ZeroArgFunction;

/**
 * The compiled tier against the interpreter: the same script, run once in each, must give the same
 * results, the same errors (message, file:line and traceback, character for character), the same
 * instruction count in the guard, and the same memory charges and measurements; runaway loops in
 * compiled code stop at the deadline and on interruption, and a prototype the generator does not
 * take runs interpreted.
 */
class LuaCompiledTest {

    /** What one run of a script shows: its results or its error, and the guard's instruction count. */
    record Outcome(String results, String error, int ticks, boolean compiled) {}

    private static Prototype compile(String source) {
        try {
            return LuaC.instance.compile(new ByteArrayInputStream(source.getBytes(StandardCharsets.UTF_8)), "@t.lua");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Outcome run(String source, Tier tier) {
        return run(source, tier, 64L << 20, (g, guard) -> {});
    }

    /** Runs {@code source}'s main chunk in a fresh sandbox in {@code tier}, {@code setup} adding globals first. */
    private static Outcome run(String source, Tier tier, long budget, BiConsumer<Globals, LuaGuard> setup) {
        LuaCompiled code = LuaCompiled.of(compile(source), tier);
        LuaTestSandbox box = LuaTestSandbox.open(budget);
        LuaGuard guard = box.guard();
        setup.accept(box.globals(), guard);
        LuaClosure main = code.closure(box.globals());
        boolean compiled = main instanceof LuaCompiledClosure;
        try {
            Varargs r = main.invoke(LuaValue.NONE);
            StringJoiner out = new StringJoiner(", ");
            for (int i = 1; i <= r.narg(); i++) {
                out.add(r.arg(i).tojstring());
            }
            return new Outcome(out.toString(), null, guard.ticks(), compiled);
        } catch (LuaError | LuaInterrupted | LuaLimitExceeded e) {
            return new Outcome(null, e.getClass().getSimpleName() + ": " + e.getMessage(), guard.ticks(), compiled);
        } finally {
            box.close();
            Thread.interrupted();
        }
    }

    private static void assertSameInBothTiers(String source) {
        Outcome interpreted = run(source, Tier.INTERPRETED);
        Outcome compiled = run(source, Tier.STRICT);
        assertThat(interpreted.compiled()).isFalse();
        assertThat(compiled.compiled()).isTrue();
        assertThat(compiled.results()).as(source).isEqualTo(interpreted.results());
        assertThat(compiled.error()).as(source).isEqualTo(interpreted.error());
        assertThat(compiled.ticks()).as("instructions counted for:\n" + source).isEqualTo(interpreted.ticks());
    }

    static Stream<String> scripts() {
        return Stream.of(
                // arithmetic, comparison, logic, numeric for with both steps
                """
                local s, t = 0, 1
                for i = 1, 100 do s = s + i * 2 - 1 end
                for i = 10, 1, -3 do t = t * i end
                local x = 7 % 3 + 2 ^ 10 / 4 - (-s)
                return s, t, x, s < t, s <= t, s == t, not s, 1 > 2 or "or", nil and 1, #"abc"
                """,
                // numeric for loops kept in ints: past the int range both ways, float and mixed bounds, the
                // variable read, captured, shadowed or unused, nested loops, a loop run again with other types
                """
                local out = {}
                local n = 0
                for i = 2147483645, 2147483649 do n = n + 1; out[#out + 1] = i end
                for i = -2147483646, -2147483650, -2 do out[#out + 1] = i end
                for i = 2147483640, 2147483647, 5 do out[#out + 1] = i end
                for i = 1, 2.5 do out[#out + 1] = i end
                for i = 0.5, 2 do out[#out + 1] = i end
                for i = 1, 3, 0.5 do n = n + i end
                for i = 3, 1 do n = n + 100 end
                for i = 5, 1, -1 do n = n * 2 end
                local fs = {}
                for i = 1, 3 do fs[i] = function() return i * 10 end end
                for i = 1, 3 do out[#out + 1] = fs[i]() end
                for i = 1, 3 do local i = i * 7; out[#out + 1] = i end
                local t = 0
                for i = 1, 4 do for j = i, 4 do t = t + i * j end end
                for _, lim in ipairs({3, 2.5, 4}) do for i = 1, lim do t = t + i end end
                local s = ""
                for i = 1, 3 do s = s .. i .. "," end
                for i = 10, 12 do if i == 11 then goto continue end; out[#out + 1] = i; ::continue:: end
                for i = 1, 10 do if i > 2 then break end; out[#out + 1] = -i end
                return table.concat(out, " "), n, t, s, select("#", out)
                """,
                // strings: concatenation of several operands, methods (SELF), numbers into strings
                """
                local a, b = "x", 12
                local s = a .. b .. "-" .. 1.5 .. a:upper() .. ("%d"):format(42)
                return s, #s, s:sub(2, 4), ("abc"):rep(3, ",")
                """,
                // tables: constructors (SETLIST over several flushes, with a vararg tail), fields, length
                """
                local function f(...) return ... end
                local t = { 1, 2, 3, x = "y", [10] = 10 }
                local big = {}
                for i = 1, 120 do big[#big + 1] = i end
                local lit = { f(1, 2, 3) }
                local many = { 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,
                  31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60, f(61, 62) }
                t.z = t.x .. "!"
                return #t, t.x, t.z, t[10], #big, #lit, lit[3], #many, many[62], table.concat(many, "", 55)
                """,
                // closures and upvalues: shared, closed per loop iteration, counters
                """
                local function counter()
                  local n = 0
                  return function() n = n + 1; return n end
                end
                local c1, c2 = counter(), counter()
                c1(); c1()
                local fs = {}
                for i = 1, 5 do
                  local j = i * 10
                  fs[i] = function() return i + j end
                end
                local k = 0
                while k < 3 do
                  local m = k
                  fs[#fs + 1] = function() return m end
                  k = k + 1
                end
                return c1(), c2(), fs[1](), fs[5](), fs[6](), fs[8]()
                """,
                // varargs, select, multiple results, tail calls deep enough to need the trampoline
                """
                local function pack(...) return select("#", ...), ... end
                local function last(...) local t = { ... } return t[#t] end
                local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + n) end
                return pack(1, nil, 3), last(pack(4, 5, 6)), loop(5000, 0), (pack(7, 8))
                """,
                // generic for: pairs, ipairs, a stateful iterator
                """
                local t = { 5, 6, 7, a = 1, b = 2 }
                local s, keys = 0, 0
                for _, v in ipairs(t) do s = s + v end
                for k in pairs(t) do keys = keys + 1 end
                local function range(n)
                  local i = 0
                  return function() i = i + 1; if i <= n then return i end end
                end
                local r = 0
                for i in range(10) do r = r + i end
                return s, keys, r
                """,
                // metatables: __index, __add, __eq, __lt, __concat, __call, __len
                """
                local mt = {}
                mt.__add = function(a, b) return setmetatable({ v = a.v + b.v }, mt) end
                mt.__eq = function(a, b) return a.v == b.v end
                mt.__lt = function(a, b) return a.v < b.v end
                mt.__concat = function(a, b) return "cat" end
                mt.__call = function(self, x) return self.v * x end
                mt.__index = function(t, k) return k .. "?" end
                local a, b = setmetatable({ v = 1 }, mt), setmetatable({ v = 2 }, mt)
                local c = a + b
                return c.v, a == b, a < b, a .. b, c(10), a.missing
                """,
                // pcall and error: caught errors with their positions and values
                """
                local ok, e = pcall(function() local t = nil; return t.x end)
                local ok2, e2 = pcall(error, { code = 7 })
                local ok3, e3 = pcall(function() error("at level 2", 2) end)
                local ok4, e4 = pcall(function() return 1 + {} end)
                return ok, e, ok2, type(e2) == "table" and e2.code, ok3, e3, ok4, e4
                """,
                // an error that escapes: message with file:line and the traceback of compiled frames
                """
                local function inner(t) local a = 1; return t.x + a end
                local function middle(t) local r = inner(t); return r + 2 end
                local s = 0
                for i = 1, 300 do s = s + i end
                return middle({})
                """,
                // error() with a string, from a nested call
                """
                local function check(x) if x > 2 then error("too big: " .. x) end return x end
                local s = 0
                for i = 1, 5 do s = s + check(i) end
                return s
                """,
                // the for loop's own checks
                """
                for i = 1, "x" do end
                """,
                // the shapes of a call's registers (its function and arguments): fields of fields,
                // upvalues, locals, constants, no arguments, no result, an __index function among the
                // arguments, nested calls, a length, a key read from a register made for the call
                """
                local t = { a = { b = { f = function(x, y) return (x or 0) + (y or 0) end } } }
                local function g(...) return select("#", ...) end
                local up = 5
                local function h() return up end
                local calls = 0
                local function bump() calls = calls + 1 end
                local out = {}
                out[#out + 1] = t.a.b.f(1, 2)
                out[#out + 1] = g(up, "k", t)
                local x = h()
                h(); bump(); bump()
                out[#out + 1] = x + calls
                out[#out + 1] = t.a.b.f(t.a.b.f(1, 1), 3)
                local k = "b"
                out[#out + 1] = t.a[k].f(4, 5)
                out[#out + 1] = t.a.b.f(out[1], #out)
                local keys = { "b" }
                out[#out + 1] = t.a[keys[1]].f(6, 7)
                local mt = setmetatable({}, { __index = function(_, key) return function(v) return key .. v end end })
                out[#out + 1] = mt.hello("!")
                out[#out + 1] = g(mt.a, mt.b, mt.c)
                local s = 0
                for i = 1, 50 do s = s + t.a.b.f(i, up) end
                out[#out + 1] = s
                return table.concat(out, ",")
                """,
                // an error while a call's registers are made: a nil field, a nil function, an __index that fails
                """
                local t = { f = function(a, b, c) return a end }
                local ok1, e1 = pcall(function() return t.missing.f(1) end)
                local ok2, e2 = pcall(function() return t.g(1, 2) end)
                local m = setmetatable({}, { __index = function(_, key) error("no " .. key) end })
                local ok3, e3 = pcall(function() return t.f(1, m.x, 3) end)
                local ok4, e4 = pcall(function() local n = nil; return t.f(n.y) end)
                return ok1, e1, ok2, e2, ok3, e3, ok4, e4
                """,
                // an error escaping from a call made that way, with its traceback
                """
                local api = { v1 = { run = function(x) return x.field.deeper end } }
                local function go(n) local r = api.v1.run({ field = n }); return r end
                return go(nil)
                """,
                // goto, repeat, nested breaks
                """
                local n = 0
                repeat
                  n = n + 1
                  for i = 1, 10 do if i > 3 then break end n = n + 1 end
                until n > 20
                local i = 1
                ::top::
                i = i * 2
                if i < 100 then goto top end
                return n, i
                """);
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void aScriptGivesTheSameResultsErrorsAndCountsInBothTiers(String source) {
        assertSameInBothTiers(source);
    }

    @Test
    void anErrorNamesTheSameFileLineAndTracebackInBothTiers() {
        String source = """
                local Account = {}
                Account.__index = Account
                function Account.new(b) return setmetatable({ balance = b }, Account) end
                function Account:withdraw(n)
                  if n > self.balance then error("insufficient funds: " .. self.balance) end
                  self.balance = self.balance - n
                end
                local acct = Account.new(10)
                for i = 1, 5 do acct:withdraw(3) end
                """;
        Outcome compiled = run(source, Tier.STRICT);
        assertThat(compiled.error())
                .startsWith("LuaError: ")
                .contains("t.lua:5")
                .contains("insufficient funds: 1")
                .contains("stack traceback:")
                .containsPattern("t.lua:5: in (method|function|field) '?withdraw'?")
                .contains("t.lua:9: in main chunk");
        assertThat(compiled.error()).isEqualTo(run(source, Tier.INTERPRETED).error());
    }

    @Test
    void coroutinesYieldAcrossCompiledFrames() {
        // the sandbox has no coroutine library; LuaJ's, added here, runs each coroutine on a thread of its own
        String source = """
                local function deep(n) if n == 0 then return coroutine.yield("down") end return deep(n - 1) + 1 end
                local co = coroutine.create(function(a)
                  local got = coroutine.yield(a * 2)
                  local more = deep(3)
                  return got + more
                end)
                local _, first = coroutine.resume(co, 21)
                local _, second = coroutine.resume(co, 100)
                local ok, third = coroutine.resume(co, 5)
                return first, second, ok, third, coroutine.status(co)
                """;
        BiConsumer<Globals, LuaGuard> withCoroutines = (g, guard) -> {
            LuaTable pkg = new LuaTable(); // CoroutineLib registers itself in package.loaded
            pkg.set("loaded", new LuaTable());
            g.set("package", pkg);
            g.load(new CoroutineLib());
            g.set("package", LuaValue.NIL);
        };
        Outcome compiled = run(source, Tier.STRICT, 64L << 20, withCoroutines);
        assertThat(compiled.compiled()).isTrue();
        assertThat(compiled.results()).isEqualTo("42, down, true, 108, dead");
        // (the interpreter under the guard cannot run this: the guard keeps one frame stack per call, and
        // its hook reads the top frame's code at a pc of another coroutine's frame; no coroutine library
        // reaches a sandbox, so that stays unreachable)
    }

    @Test
    void aModuleTableReadByAConstantNameSeesEveryChangeToIt() {
        // the compiled code reads a module's fields through LuaModuleTable.field, which remembers the last
        // one: every way a script can change the table must show at once, in both tiers alike
        String source = """
                local out = {}
                local function read() return m.f end
                for i = 1, 3 do out[#out + 1] = read() end
                m.f = "second"; out[#out + 1] = read()
                rawset(m, "f", "third"); out[#out + 1] = read()
                out[#out + 1] = m.g; out[#out + 1] = read()
                m.f = nil; out[#out + 1] = tostring(read())
                setmetatable(m, {__index = function(t, k) return "meta " .. k end})
                out[#out + 1] = read()
                m.f = "own"; out[#out + 1] = read()
                setmetatable(m, nil); m.f = nil; out[#out + 1] = tostring(read())
                m.f = 1; m[1] = "one"; out[#out + 1] = read() + 1; out[#out + 1] = m[1]
                return table.concat(out, ",")
                """;
        BiConsumer<Globals, LuaGuard> withModule = (g, guard) -> {
            LuaTable m = new LuaModuleTable();
            m.set("f", LuaValue.valueOf("first"));
            m.set("g", LuaValue.valueOf("gee"));
            g.set("m", m);
        };
        Outcome compiled = run(source, Tier.STRICT, 64L << 20, withModule);
        Outcome interpreted = run(source, Tier.INTERPRETED, 64L << 20, withModule);
        assertThat(compiled.compiled()).isTrue();
        assertThat(compiled.results())
                .isEqualTo("first,first,first,second,third,gee,third,nil,meta f,own,nil,2,one")
                .isEqualTo(interpreted.results());
        assertThat(compiled.ticks()).isEqualTo(interpreted.ticks());
    }

    @Test
    void aCompiledRunawayLoopStopsAtTheDeadline() {
        for (String loop : new String[] {
            "while true do end",
            "local x = 0 while true do x = x + 1 end",
            "for i = 1, math.huge do local t = i end",
            "local function f() return f() end return f()",
            "local t = {} repeat t.x = 1 until false"
        }) {
            Outcome o =
                    run(loop, Tier.STRICT, 64L << 20, (g, guard) -> guard.deadline(System.nanoTime() + 50_000_000L));
            assertThat(o.compiled()).isTrue();
            assertThat(o.error()).as(loop).startsWith("LuaInterrupted");
        }
    }

    @Test
    void theInterruptFlagStopsCompiledCodeAtTheFirstCheckpointAsTheInterpreterDoes() {
        // with the flag already set, code under 128 instructions without calls runs to its end; a loop does not
        String straight = "local a = 1 local b = a + 1 local c = b * 2 return a + b + c";
        String loop = "local s = 0 for i = 1, 1000 do s = s + i end return s";
        for (Tier tier : new Tier[] {Tier.INTERPRETED, Tier.STRICT}) {
            BiConsumer<Globals, LuaGuard> interrupt =
                    (g, guard) -> Thread.currentThread().interrupt();
            assertThat(run(straight, tier, 64L << 20, interrupt).results()).isEqualTo("7");
            Outcome stopped = run(loop, tier, 64L << 20, interrupt);
            assertThat(stopped.error()).as(tier.name()).startsWith("LuaInterrupted");
            assertThat(stopped.ticks()).as(tier.name()).isBetween(128, 128 + 3);
        }
    }

    @Test
    void memoryLimitsHoldInCompiledCodeWithTheInterpretersCharges() {
        for (String bomb : new String[] {
            "local t = {} for i = 1, 1e7 do t[i] = i end",
            "local s = 'x' for i = 1, 40 do s = s .. s end",
            "local t = {} for i = 1, 1e6 do t[i] = { i } end",
            "local fs = {} for i = 1, 1e6 do fs[i] = function() return i end end"
        }) {
            Outcome compiled = run(bomb, Tier.STRICT, 4L << 20, (g, guard) -> {});
            assertThat(compiled.error()).as(bomb).startsWith("LuaLimitExceeded: memory limit exceeded");
            assertThat(compiled.error())
                    .as(bomb)
                    .isEqualTo(run(bomb, Tier.INTERPRETED, 4L << 20, (g, guard) -> {})
                            .error());
        }
    }

    @Test
    void measureSeesTheRegistersOfCompiledFrames() {
        // the only reference to the big string is a register of the running (compiled) frame
        String source = """
                local big = string.rep("x", 200000) .. "y"
                local function inner() return measure() end
                return inner(), #big
                """;
        BiConsumer<Globals, LuaGuard> probe = (g, guard) -> g.set("measure", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                return LuaValue.valueOf(guard.measure());
            }
        });
        Outcome compiled = run(source, Tier.STRICT, 64L << 20, probe);
        Outcome interpreted = run(source, Tier.INTERPRETED, 64L << 20, probe);
        assertThat(Long.parseLong(compiled.results().split(", ")[0])).isGreaterThan(200_000L);
        assertThat(compiled.results()).isEqualTo(interpreted.results());
    }

    @Test
    void aPrototypeTooLargeForTheJvmRunsInterpretedWithItsNestedFunctions() {
        StringBuilder source = new StringBuilder("local x = 0\nlocal function small(a) return a * 2 end\n");
        for (int i = 0; i < 8000; i++) {
            source.append("x = x + small(").append(i % 7).append(")\n");
        }
        source.append("return x, small\n");
        Prototype p = compile(source.toString());
        LuaCompiled code = LuaCompiled.of(p, Tier.COMPILED);
        assertThat(code.interpreted()).contains("MethodTooLarge");
        assertThat(code.child(0).interpreted()).contains("interpreted tier");
        assertThatThrownBy(() -> LuaCompiled.of(p, Tier.STRICT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not compile");

        try (LuaTestSandbox box = LuaTestSandbox.open()) {
            LuaClosure main = code.closure(box.globals());
            assertThat(main).isNotInstanceOf(LuaCompiledClosure.class);
            Varargs r = main.invoke(LuaValue.NONE);
            long expected = 0;
            for (int i = 0; i < 8000; i++) {
                expected += 2L * (i % 7);
            }
            assertThat(r.arg1().tolong()).isEqualTo(expected);
            // the interpreted chunk made its nested function with LuaJ's own CLOSURE: interpreted too
            assertThat(r.arg(2)).isNotInstanceOf(LuaCompiledClosure.class);
        }
    }

    @Test
    void theTierIsReadFromItsSystemProperty() {
        String before = System.getProperty(LuaCompiled.TIER);
        try {
            System.setProperty(LuaCompiled.TIER, "interpreted");
            assertThat(LuaCompiled.Tier.configured()).isEqualTo(Tier.INTERPRETED);
            System.setProperty(LuaCompiled.TIER, "bogus");
            assertThatThrownBy(LuaCompiled.Tier::configured)
                    .hasMessageContaining("wippy.lua.tier")
                    .hasMessageContaining("bogus");
            System.clearProperty(LuaCompiled.TIER);
            assertThat(LuaCompiled.Tier.configured()).isEqualTo(Tier.COMPILED);
        } finally {
            if (before == null) {
                System.clearProperty(LuaCompiled.TIER);
            } else {
                System.setProperty(LuaCompiled.TIER, before);
            }
        }
    }
}
