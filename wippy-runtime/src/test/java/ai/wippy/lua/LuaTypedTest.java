package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.WippyException;
import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Wippy's typed Lua (annotations erased line for line, {@code type} declarations as values) and the
 * {@code hash} module, on the fixture project src/test/fixtures/typed-lua/app (our own files).
 */
class LuaTypedTest {

    static final Path PROJECT = Path.of("src/test/fixtures/typed-lua/app").toAbsolutePath();

    @Test
    void everyTypedTestOfTheFixtureProjectPasses() {
        try (WasmRegistry r = LuaTestSuiteTest.boot(PROJECT)) {
            Map<String, LuaTestRunner.Outcome> out = LuaTestSuiteTest.runAll(
                    r,
                    "app.test.hash:sigv4",
                    "app.test.hash:vectors",
                    "app.test.types:annotations",
                    "app.test.types:lookalikes",
                    "app.test.types:runtime");
            out.values().forEach(o -> assertThat(o.passed()).as("%s", o).isTrue());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "an error below erased annotations names its source line | app.test.types:lines | lines.lua:9 line nine",
                "hash is granted only through modules | app.test.hash:not_granted | module 'hash' is not available"
            })
    void aCallFailsSayingWhy(String what, String function, String message) {
        try (WasmRegistry r = LuaTestSuiteTest.boot(PROJECT)) {
            assertThatThrownBy(() -> r.call(function))
                    .isInstanceOf(WippyException.class)
                    .hasMessageContaining(message);
        }
    }

    static String entry(String source) {
        return entry("", source);
    }

    /** Entry {@code t:f} (method main) running {@code source}, with {@code fields} (whole YAML lines) added. */
    static String entry(String fields, String source) {
        return TestRegistries.yaml("t", TestRegistries.luaFunction("f", "main", fields, source));
    }

    @Test
    void aMalformedAnnotationStopsTheBootNamingEntryAndLine() {
        assertThatThrownBy(() -> TestRegistries.runtime(entry("local a = 1\nlocal b = 2\nlocal x: {y: = 1}\n")))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("t:f")
                .hasMessageContaining("source")
                .hasMessageContaining(":3: expected a type");
        // what erasure leaves for LuaJ to refuse keeps its line too
        assertThatThrownBy(() -> TestRegistries.runtime(entry("local a: string = 'x'\n\nlocal x: number< = 42\n")))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("t:f:3:");
        assertThatThrownBy(() -> TestRegistries.runtime(entry("type T = {\n  a: string,\n  b: number\n")))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(":4: expected ',' or '}' in a table type at the end of the source");
    }

    @Test
    void aHostilelyDeepTypeIsRefusedWithItsLine() {
        String deep = "local x: " + "{".repeat(100_000) + "}".repeat(100_000) + " = 1";
        assertThatThrownBy(() -> TestRegistries.runtime(entry("local a = 1\n" + deep + "\n")))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(":2: type nested deeper than 100");
    }

    @Test
    void aBacktrackingPatternValidatorStopsAtTheDeadline() {
        String yaml = entry("limits: { max_execution_ms: 300 }", """
                type Evil = string @pattern("(.*.*)*b")
                type Fine = string @pattern("^a+$")
                return { main = function(n)
                  if n == 0 then return (Fine:is("aaa")) ~= nil end
                  return Evil:is(string.rep("a", n))
                end }
                """);
        try (WasmRegistry r = TestRegistries.runtime(yaml)) {
            assertThat(r.call("t:f", 0)).isEqualTo(true);
            TestRegistries.failsWith(ai.wippy.call.ErrorKind.TIMEOUT, () -> r.call("t:f", 20000));
        }
    }

    @Test
    void erasureBlanksAnnotationsAndKeepsEveryLine() {
        assertThat(LuaTypes.erase("local function f(a: number, b: string?): (number, error?)\nreturn a end"))
                .isEqualTo("local function f(a        , b         )                  \nreturn a end");
        assertThat(LuaTypes.erase("local x: {[string]: number} = {}")).isEqualTo("local x                     = {}");
        assertThat(LuaTypes.erase("local id<T>(x)")).isEqualTo("local id<T>(x)"); // not a function: untouched
        assertThat(LuaTypes.erase("local function id<T: HasName>(x: T): T return x end"))
                .isEqualTo("local function id            (x   )    return x end");
        assertThat(LuaTypes.erase("local v = (u!).name\nlocal w = d :: User\nlocal z = d as User"))
                .isEqualTo("local v = (u ).name\nlocal w = d        \nlocal z = d        ");
        String decl = "type P = {\n  x: number,\n  y: number\n}\nlocal p = 1";
        String erased = LuaTypes.erase(decl);
        String[] lines = erased.split("\n", -1);
        assertThat(lines).hasSize(decl.split("\n", -1).length);
        assertThat(lines[0])
                .startsWith(
                        "local P; P = __wippy_type(\"P\", \"{\\n  x: number,\\n  y: number\\n}\", \"\", function()");
        assertThat(lines[1]).isBlank();
        assertThat(lines[3]).isBlank();
        assertThat(lines[4]).isEqualTo("local p = 1");
    }

    @Test
    void plainLuaComesBackAsTheSameString() throws IOException {
        List<String> plain = List.of(
                "local t = obj:method(1)\nreturn t:upper()",
                "local s = 'a: b' .. [[c :: d]] -- e: f\nreturn type(s), s",
                "local type = type\nlocal as = 1\nx = type\nfoo = as",
                "for k = 1, 2 do goto continue ::continue:: end",
                "local m = {f = function(self, v) return v end}\nreturn m:f(2)");
        for (String s : plain) {
            assertThat(LuaTypes.erase(s)).isSameAs(s);
        }
        // every untyped Lua file of the other fixtures
        try (Stream<Path> files = Files.walk(Path.of("src/test/fixtures/lua-suite"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".lua")).toList()) {
                String s = Files.readString(p);
                assertThat(LuaTypes.erase(s)).as("%s", p).isSameAs(s);
            }
        }
    }
}
