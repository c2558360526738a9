package ai.wippy.component;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.engine.EngineMode;
import ai.wippy.engine.ModuleCompiler;
import ai.wippy.wit.FunctionSignature;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every case of fixtures/component/expected.json (recorded by conformance.sh with jco, the
 * reference implementation, on Node) through our host and compares the outcomes. No Node needed.
 */
class ComponentConformanceTest {

    private final ModuleCompiler compiler = new ModuleCompiler(EngineMode.COMPILER);
    private final Map<String, ComponentInstance> instances = new HashMap<>();

    private ComponentInstance instance(String fixture) {
        return instances.computeIfAbsent(
                fixture,
                f -> new ComponentLinker()
                        .instantiatePre(Component.compile(Fixtures.bytes(f), compiler), Set.of(), null)
                        .instantiate());
    }

    @TestFactory
    Stream<DynamicTest> everyRecordedCaseGivesTheSameOutcomeAsJco() throws Exception {
        JsonNode cases =
                JcoValues.JSON.readTree(Fixtures.ROOT.resolve("expected.json").toFile());
        assertThat(cases.size()).isGreaterThan(20);
        List<DynamicTest> tests = new ArrayList<>();
        int n = 0;
        for (JsonNode c : cases) {
            String name = (n++) + " " + c.get("fixture").asText() + " "
                    + c.get("method").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                ComponentFunction fn = instance(c.get("fixture").asText())
                        .function(c.get("method").asText())
                        .orElseThrow();
                FunctionSignature sig = fn.signature();
                List<Object> args = new ArrayList<>();
                for (int i = 0; i < sig.params().size(); i++) {
                    args.add(JcoValues.toCanonical(
                            c.get("args").get(i), sig.params().get(i).type()));
                }
                // re-read so numbers get the node types the recorded file has
                JsonNode actual = JcoValues.JSON.readTree(
                        JcoValues.JSON.writeValueAsString(JcoValues.outcome(fn.call(args), sig.result())));
                assertThat(actual).isEqualTo(c.get("expect"));
            }));
        }
        return tests.stream();
    }
}
