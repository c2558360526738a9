package ai.wippy.component;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.engine.EngineMode;
import ai.wippy.engine.ModuleCompiler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A JavaScript component (jco componentize, QuickJS backend) running on our host. */
class JsComponentTest {

    @Test
    void greetsAndCountsAdults() throws Exception {
        Component component =
                Component.compile(Fixtures.bytes("js-greeter/greeter.wasm"), new ModuleCompiler(EngineMode.COMPILER));
        ComponentInstance instance =
                new ComponentLinker().instantiatePre(component, Set.of(), null).instantiate();

        assertThat(instance.function("greet").orElseThrow().call(List.of("ada")))
                .isEqualTo("Hello, ada!");
        assertThat(instance.function("count-adults")
                        .orElseThrow()
                        .call(List.of(List.of(
                                Map.of("name", "a", "age", 30L, "tags", List.of()),
                                Map.of("name", "b", "age", 3L, "tags", List.of())))))
                .isEqualTo(1L);
    }
}
