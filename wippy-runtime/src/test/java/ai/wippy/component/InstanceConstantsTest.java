package ai.wippy.component;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.component.binary.Definition;
import ai.wippy.engine.EngineMode;
import ai.wippy.engine.ModuleCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a component's template keeps of its first instance's walk and later instances reuse (type
 * definitions, lift and lower signatures, core types, canonical plans) holds nothing of one
 * instance: the type definition of the imported {@code wasi:io/poll} instance, which declares the
 * {@code pollable} resource type (fresh per instance), is resolved anew by each instance, and
 * instances made from the template keep their own handle tables.
 */
class InstanceConstantsTest {

    static final Path SLEEP = Path.of("src/test/fixtures/component/clock-sleep/clock-sleep.wasm");

    @Test
    void theTemplateKeepsOnlyInstanceFreeValuesAndInstancesStaySeparate() throws Exception {
        Component component = Component.compile(Files.readAllBytes(SLEEP), new ModuleCompiler(EngineMode.COMPILER));
        InstancePre pre = new ComponentLinker()
                .defineAll(ai.wippy.wasi.p2.hosts.WasiPreview2.hosts())
                .instantiatePre(component, Set.of("wasi:poll", "wasi:clocks"), null);
        ComponentInstance first = pre.instantiate();
        assertThat(pre.templated()).isTrue();
        Map<Definition, Object> constants = pre.templateConstants();
        List<Object> kept = new ArrayList<>();
        List<Definition> resolvedAnew = new ArrayList<>();
        constants.forEach((d, v) -> {
            if (v == Instantiation.AMBIGUOUS) {
                resolvedAnew.add(d);
            } else {
                kept.add(v);
            }
        });
        assertThat(kept).isNotEmpty().allMatch(Instantiation::instanceFree);
        // the two lifts and four lowers are kept
        assertThat(kept.stream().filter(v -> v.getClass().getSimpleName().equals("Lifted")))
                .hasSize(2);
        assertThat(kept.stream().filter(v -> v.getClass().getSimpleName().equals("Lowered")))
                .hasSize(4);
        // the instance type declaring the pollable resource is not
        assertThat(resolvedAnew).anyMatch(d -> d instanceof Definition.TypeDef);

        ComponentInstance second = pre.instantiate();
        ComponentInstance third = pre.instantiate();
        var sleepSecond = second.function("sleeper#sleep-ms").orElseThrow();
        var sleepThird = third.function("sleeper#sleep-ms").orElseThrow();
        assertThat(sleepSecond.signature()).isSameAs(sleepThird.signature());
        // a pollable made in one instance's table is never in another's
        var hostResources = second.resources();
        assertThat(hostResources).isNotSameAs(third.resources()).isNotSameAs(first.resources());
        assertThat(sleepSecond.call(List.of(3L))).isEqualTo(3L);
        assertThat(sleepThird.call(List.of(4L))).isEqualTo(4L);
        assertThat(List.of(first.liveHandles(), second.liveHandles(), third.liveHandles()))
                .containsExactly(0, 0, 0);
        for (ComponentInstance i : List.of(first, second, third)) {
            i.close();
        }
    }
}
