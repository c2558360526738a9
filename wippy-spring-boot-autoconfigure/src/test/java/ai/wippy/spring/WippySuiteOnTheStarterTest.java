package ai.wippy.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.lua.LuaTestRunner;
import ai.wippy.runtime.WasmRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Wippy's own end-to-end suite on the starter, from a local copy of {@code wippyai/runtime}'s {@code
 * tests/app} (never committed; CI does not have it): {@code -Dwippy.suite=/path/to/tests/app}, and
 * optionally {@code -Dwippy.suite.filter=app.test.wasm}. The server listens on 8085, as the suite's
 * {@code http.service} says; registry folders are {@code src}, relative directories resolve against
 * the project folder, as in Wippy. Each outcome is printed; the test fails if any selected test fails.
 */
@EnabledIfSystemProperty(named = "wippy.suite", matches = ".+")
@SpringBootTest(
        classes = UnsecuredWebApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {"server.port=8085", "wippy.registry.locations="})
class WippySuiteOnTheStarterTest {

    @DynamicPropertySource
    static void suite(DynamicPropertyRegistry registry) {
        String dir = System.getProperty("wippy.suite");
        registry.add("wippy.registry.directories", () -> dir + "/src");
        registry.add("wippy.registry.directory-base", () -> dir);
    }

    @Autowired
    WasmRegistry registry;

    @Test
    void everySelectedTestReturnsTrue() {
        List<LuaTestRunner.Outcome> out = LuaTestRunner.run(registry, System.getProperty("wippy.suite.filter"));
        out.forEach(o -> System.out.println("[wippy-suite] " + o));
        System.out.println("[wippy-suite] "
                + out.stream().filter(LuaTestRunner.Outcome::passed).count() + " of " + out.size() + " passed");
        assertThat(out).isNotEmpty().allMatch(LuaTestRunner.Outcome::passed);
    }
}
