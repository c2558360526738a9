package ai.wippy.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.WippyException;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.engine.EngineMode;
import ai.wippy.engine.ModuleCompiler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The same components on Chicory's interpreter (the engine mode an application can select). */
class InterpreterModeTest {

    private final ModuleCompiler interpreter = new ModuleCompiler(EngineMode.INTERPRETER);

    @Test
    void theCComponentAndHostCallsWorkInterpreted() throws Exception {
        ComponentInstance c = new ComponentLinker()
                .instantiatePre(
                        Component.compile(Fixtures.bytes("c-transform/transform.wasm"), interpreter), Set.of(), null)
                .instantiate();
        List<?> out = (List<?>) c.function("transform-users")
                .orElseThrow()
                .call(List.of(List.of(Map.of("name", "ada", "age", 1L, "tags", List.of()))));
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) out.get(0);
        assertThat(first)
                .containsEntry("name", "ADA")
                .containsEntry("adult", false)
                .containsEntry("first-tag", null);

        var host = new ComponentRuntimeTest.MinimalHost();
        ComponentInstance h = new ComponentLinker()
                .define(ReflectiveHostInterface.of(host))
                .instantiatePre(
                        Component.compile(Fixtures.bytes("host-call/host-call.wasm"), interpreter),
                        Set.of("test:minimal/host"),
                        null)
                .instantiate();
        assertThat(h.function("greet").orElseThrow().call(List.of("x"))).isEqualTo("hello, x");
        assertThatThrownBy(() -> h.function("lucky-number").orElseThrow().call(List.of()))
                .isInstanceOf(WippyException.class)
                .hasMessageContaining("capability not granted: wasi:random");
    }
}
