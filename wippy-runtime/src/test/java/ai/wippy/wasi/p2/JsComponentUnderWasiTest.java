package ai.wippy.wasi.p2;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.component.Component;
import ai.wippy.component.ComponentInstance;
import ai.wippy.component.ComponentLinker;
import ai.wippy.component.InstancePre;
import ai.wippy.engine.EngineMode;
import ai.wippy.engine.ModuleCompiler;
import ai.wippy.wasi.WasiSettings;
import ai.wippy.wasi.WasiStdio;
import ai.wippy.wasi.p2.hosts.WasiPreview2;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A JavaScript component built by {@code jco componentize} with every WASI feature on (it imports
 * wasi:cli, io, clocks, random, filesystem and http: fixtures/component/js-wasi) answers on our host
 * exactly what it answers under jco transpile on Node (node-expected.txt, recorded by build.sh).
 */
class JsComponentUnderWasiTest {

    static final Path FIXTURE = Path.of("src/test/fixtures/component/js-wasi").toAbsolutePath();

    @Test
    void answersAsItDoesUnderJcoOnNode() throws Exception {
        Component component = Component.compile(
                Files.readAllBytes(FIXTURE.resolve("js-wasi.wasm")), new ModuleCompiler(EngineMode.COMPILER));
        assertThat(component.imports().stream().map(Component.ImportInfo::unversioned))
                .contains(
                        "wasi:cli/stdout",
                        "wasi:clocks/wall-clock",
                        "wasi:random/random",
                        "wasi:filesystem/preopens",
                        "wasi:http/outgoing-handler");
        Set<String> granted = Set.of("wasi:cli", "wasi:io", "wasi:poll", "wasi:clocks", "wasi:random");
        InstancePre pre =
                new ComponentLinker().defineAll(WasiPreview2.hosts()).instantiatePre(component, granted, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WasiSettings settings = new WasiSettings("js", granted, List.of(), null, Map.of(), List.of(), List.of());
        WasiStdio stdio = new WasiStdio(InputStream.nullInputStream(), out, new ByteArrayOutputStream());

        Object answer;
        try (ComponentInstance instance = pre.instantiate(WasiState.of(settings, stdio, List.of()))) {
            answer = instance.function("describe").orElseThrow().call(List.of("ada"));
        }

        List<String> node = Files.readAllLines(FIXTURE.resolve("node-expected.txt"));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(node.get(0) + "\n");
        assertThat(answer).isEqualTo(node.get(1));
    }
}
