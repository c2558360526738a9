package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.registry.RegistryDocument;
import ai.wippy.registry.RegistryOptions;
import ai.wippy.registry.ResourceBase;
import ai.wippy.runtime.WasmRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A project in the layout of Wippy's {@code tests/app} (src/test/fixtures/lua-suite/app, our own
 * files): its {@code _index.yaml} files boot as written (Wippy kinds this runtime does not serve are
 * skipped, relative directories resolve against the project folder), {@code library.lua} entries
 * are imported by name, and {@link LuaTestRunner} runs every {@code meta.type: test} entry.
 */
class LuaTestSuiteTest {

    static final Path PROJECT = Path.of("src/test/fixtures/lua-suite/app").toAbsolutePath();

    /** Every _index.yaml under {@code project}/src, relative directories resolved against {@code project}. */
    static WasmRegistry boot(Path project) {
        var builder = WasmRegistry.builder()
                .registryOptions(RegistryOptions.defaults().withDirectoryBase(project));
        try (Stream<Path> files = Files.walk(project.resolve("src"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().equals("_index.yaml"))
                    .sorted()
                    .toList()) {
                builder.document(new RegistryDocument(
                        p.toString(), Files.readString(p), new ResourceBase.FileSystem(p.getParent())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return builder.build();
    }

    /** Checks that the tests of {@code r} are {@code ids}, in that order, and runs them all: the outcomes by id. */
    static Map<String, LuaTestRunner.Outcome> runAll(WasmRegistry r, String... ids) {
        assertThat(LuaTestRunner.tests(r, null)).containsExactly(ids);
        return LuaTestRunner.run(r, null).stream().collect(Collectors.toMap(LuaTestRunner.Outcome::id, o -> o));
    }

    @Test
    void theProjectBootsAndItsTestsPassOrFailWithTheirReason() {
        try (WasmRegistry r = boot(PROJECT)) {
            Map<String, LuaTestRunner.Outcome> out = runAll(
                    r,
                    "app.test.neg:asserts",
                    "app.test.neg:returns_false",
                    "app.test.wasm:call_fs_wasm",
                    "app.test.wasm:call_results",
                    "app.test.wasm:call_wat");
            assertThat(out.get("app.test.wasm:call_wat").passed()).isTrue();
            assertThat(out.get("app.test.wasm:call_fs_wasm").passed())
                    .as("%s", out.get("app.test.wasm:call_fs_wasm"))
                    .isTrue();
            assertThat(out.get("app.test.wasm:call_results").passed())
                    .as("%s", out.get("app.test.wasm:call_results"))
                    .isTrue();
            assertThat(out.get("app.test.neg:returns_false").passed()).isFalse();
            assertThat(out.get("app.test.neg:returns_false").detail()).contains("returned false");
            assertThat(out.get("app.test.neg:asserts").passed()).isFalse();
            assertThat(out.get("app.test.neg:asserts").detail()).contains("arithmetic: wanted 3, got 2");
            assertThat(out.get("app.test.neg:asserts").suite()).isEqualTo("neg");
        }
    }

    @Test
    void theFilterSelectsByIdAndTheKindsNotServedAreNotFunctions() {
        try (WasmRegistry r = boot(PROJECT)) {
            assertThat(LuaTestRunner.tests(r, "call_wat")).containsExactly("app.test.wasm:call_wat");
            assertThat(r.function("app:test_runner")).isEmpty();
            assertThat(r.function("app:gateway")).isEmpty();
        }
    }

    /**
     * Wippy's own suite, from a local copy (never committed): {@code -Dwippy.suite=/path/to/tests/app}
     * prints each test's outcome. Without the property there is nothing to run.
     */
    @Test
    void wippysSuiteFromALocalCopy() {
        String dir = System.getProperty("wippy.suite");
        org.junit.jupiter.api.Assumptions.assumeTrue(dir != null, "set -Dwippy.suite to run Wippy's suite");
        try (WasmRegistry r = boot(Path.of(dir))) {
            List<LuaTestRunner.Outcome> out = LuaTestRunner.run(r, System.getProperty("wippy.suite.filter"));
            out.forEach(o -> System.out.println("[wippy-suite] " + o));
            assertThat(out).isNotEmpty();
        }
    }
}
