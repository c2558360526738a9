package ai.wippy.suite;

import ai.wippy.lua.LuaTestRunner;
import ai.wippy.registry.RegistryDocument;
import ai.wippy.registry.RegistryOptions;
import ai.wippy.registry.ResourceBase;
import ai.wippy.runtime.WasmRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Scratch: boots Wippy's suite from -Dwippy.suite=<tests/app> (not in CI). */
class WippySuiteProbe {
    @Test
    void run() throws Exception {
        String dir = System.getProperty("wippy.suite");
        Assumptions.assumeTrue(dir != null);
        Path app = Path.of(dir);
        var b = WasmRegistry.builder()
                .registryOptions(RegistryOptions.defaults().withDirectoryBase(app));
        try (var files = Files.walk(app.resolve("src"))) {
            for (Path p : files.filter(p -> p.getFileName().toString().equals("_index.yaml"))
                    .toList()) {
                b.document(new RegistryDocument(
                        p.toString(), Files.readString(p), new ResourceBase.FileSystem(p.getParent())));
            }
        }
        try (WasmRegistry r = b.build()) {
            List<LuaTestRunner.Outcome> out = LuaTestRunner.run(r, null);
            out.forEach(System.out::println);
        }
    }
}
