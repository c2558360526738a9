package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The sandbox's own pattern matcher answers like LuaJ's (the reference) on find, match and gsub,
 * errors included, and like Lua 5.2 on gmatch (LuaJ 3.0.1's gmatch loops forever on an empty match
 * and never matches at the end); unlike LuaJ's it stops at its guard's deadline.
 */
@Timeout(60)
class LuaPatternsTest {

    /** This test's sandbox, current on the test's thread until the test ends. */
    @AutoClose
    private final LuaTestSandbox box = LuaTestSandbox.open();

    private static final String SHOW = """
            local function show(...)
              local n = select('#', ...)
              local out = {}
              for i = 1, n do out[#out + 1] = type((select(i, ...))) .. ':' .. tostring((select(i, ...))) end
              return n .. '[' .. table.concat(out, '|') .. ']'
            end
            local function try(f, ...)
              local r = table.pack(pcall(f, ...))
              if not r[1] then return 'error' end
              return show(table.unpack(r, 2, r.n))
            end
            return table.concat({
              try(string.find, S, P), try(string.find, S, P, 3), try(string.find, S, P, -4),
              try(string.find, S, P, 1, true),
              try(string.match, S, P), try(string.match, S, P, 2),
              try(string.gsub, S, P, '<%0>'), try(string.gsub, S, P, '%1-%1'), try(string.gsub, S, P, '', 2),
              try(string.gsub, S, P, function(a, b) return b and (a .. '+' .. b) or nil end),
              try(string.gsub, S, P, { hello = 'HI', ['1'] = false, l = 7 }),
            }, '\\n')
            """;

    /**
     * Where LuaJ 3.0.1 is not Lua 5.2 (checked by hand below, in {@link #whereLuajIsNotLua52}): it
     * lacks {@code %g}, its {@code %f} raises errors, its {@code %p} misses brackets and braces, it
     * refuses an empty pattern at an init past 1, and it clamps an init past the end instead of
     * answering nil (which the empty subject shows).
     */
    private static final List<String> LUAJ_DIFFERS = List.of("%g+", "%f[%a]%a+", "%f[%A]", "%p", "");

    private static final List<String> SUBJECTS = List.of(
            "hello world from Lua",
            "  key = value ; other=42 ",
            "f(a(b)c) [x] {y}",
            "THE (quick) fox, 3.14 & 2e10!",
            "aaa",
            "a.b.c\t\n\0end",
            "x = \"quoted\" and 'single'");

    private static final List<String> PATTERNS = List.of(
            "o",
            "l+",
            "l*",
            "l-",
            "l?o",
            ".",
            "^h",
            "^%s*",
            "%s*$",
            "o$",
            "%a+",
            "%A+",
            "%d+",
            "%D",
            "%w+",
            "%W",
            "%p",
            "%l+",
            "%u+",
            "%x+",
            "%c",
            "%g+",
            "%S+",
            "(%a+)",
            "(%a+)%s*=%s*(%w+)",
            "()ll()",
            "(h)(e)(l)",
            "%b()",
            "%b[]",
            "%b{}",
            "%f[%a]%a+",
            "%f[%A]",
            "[aeiou]",
            "[^aeiou ]+",
            "[a-f]+",
            "[%d.]+",
            "[%]]",
            "[]x]",
            "[^]]",
            "(.)%1",
            "(a)(a)%2",
            "%.",
            "a.-b",
            ".-",
            "(.-)=",
            "[%w_]+",
            "(\"[^\"]*\")",
            "'(.-)'",
            "%z",
            "[%z]",
            "",
            "()",
            "x*",
            "^$",
            "[a-]",
            "[-a]",
            "%%",
            // malformed patterns: every one is an error on both sides
            "(",
            "%",
            "[a",
            "(()",
            "%b",
            "%f",
            "%1",
            "(a)%2",
            ")",
            "[%");

    private static String run(Globals g, String subject, String pattern) {
        g.set("S", LuaValue.valueOf(subject));
        g.set("P", LuaValue.valueOf(pattern));
        return g.load(SHOW, "=show").call().tojstring();
    }

    @Test
    void answersLikeLuaj() {
        Globals reference = JsePlatform.standardGlobals();
        List<String> differences = new ArrayList<>();
        int cases = 0;
        Globals sandbox = box.globals();
        for (String s : SUBJECTS) {
            for (String p : PATTERNS) {
                if (LUAJ_DIFFERS.contains(p)) {
                    continue;
                }
                String expected = run(reference, s, p);
                String actual = run(sandbox, s, p);
                cases++;
                if (!expected.equals(actual)) {
                    differences.add("subject '" + s + "', pattern '" + p + "':\n  luaj: "
                            + expected.replace("\n", "\n        ") + "\n  ours: "
                            + actual.replace("\n", "\n        "));
                }
            }
        }
        assertThat(cases).isEqualTo(SUBJECTS.size() * (PATTERNS.size() - LUAJ_DIFFERS.size()));
        assertThat(differences).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "return string.find('hello world', '%g+') | 1,5",
                "return string.find('  x=1', '%g+') | 3,5",
                "return string.find('hello world', '%f[%a]%a+', 2) | 7,11",
                "return string.find('THE (quick)', '%f[%A]') | 4,3",
                "return string.gsub('f(a) [x] {y}', '%p', '') | fa x y,6",
                "return string.match('abc', '', 2) | \"\"",
                "return string.find('abc', '', 10) | nil",
                "return string.find('', 'x*', 3) | nil",
                "return string.find('', 'x*') | 1,0",
                "return string.gsub('abc', '', '-') | -a-b-c-,4",
                "return string.find('a\\0b', '%z') | 2,2"
            })
    void whereLuajIsNotLua52(String code, String expected) {
        org.luaj.vm2.Varargs v = box.globals().load(code).invoke();
        List<String> parts = new ArrayList<>();
        for (int i = 1; i <= Math.max(1, v.narg()); i++) {
            parts.add(v.arg(i).tojstring());
        }
        assertThat(String.join(",", parts)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "hello world from Lua | %a+ | hello,world,from,Lua",
                "from=world, to=Lua | (%w+)=(%w+) | from=world,to=Lua",
                "abc | x* | ,,,",
                "a1b22 | %d* | ,1,,22,",
                "key = value | ()(%a+) | 1=key,7=value",
                "^a^b | ^%a | ^a,^b",
                "\"\" | . | \"\""
            })
    void gmatchIteratesLikeLua52(String subject, String pattern, String expected) {
        Globals sandbox = box.globals();
        sandbox.set("S", LuaValue.valueOf(subject));
        sandbox.set("P", LuaValue.valueOf(pattern));
        String collect =
                "local out = {} for a, b in string.gmatch(S, P) do out[#out + 1] = b and (a .. '=' .. b) or a end"
                        + " return table.concat(out, ',')";
        assertThat(sandbox.load(collect).call().tojstring()).isEqualTo(expected);
    }

    @Test
    void stopsAtTheGuardsDeadline() {
        box.guard().deadline(System.nanoTime() + 50_000_000L);
        assertThatThrownBy(() -> box.globals()
                        .load("return string.rep('a', 5000):find('.-.-.-.-.-.-.-b')")
                        .call())
                .isInstanceOf(LuaInterrupted.class);
        assertThat(box.guard().deadlinePassed()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "string.find('x', '%') | malformed pattern (ends with '%')",
                "string.find('x', '[a') | malformed pattern (missing ']')",
                "string.find('x', '(x') | unfinished capture",
                "string.match('x', 'x)') | invalid pattern capture",
                "string.find('x', '%1') | invalid capture index %1",
                "string.gsub('x', 'x', '%2') | invalid capture index %2",
                "string.gsub('x', 'x', '%y') | invalid use of '%' in replacement string",
                "string.gsub('x', 'x', {x = {}}) | invalid replacement value (a table)",
                "string.find(string.rep('a', 300), string.rep('(a)', 40)) | too many captures",
                "string.find('x', '%f') | missing '[' after '%f' in pattern"
            })
    void errorsNameTheProblem(String code, String message) {
        assertThatThrownBy(() -> box.globals().load(code).call())
                .isInstanceOf(LuaError.class)
                .hasMessageContaining(message);
    }
}
