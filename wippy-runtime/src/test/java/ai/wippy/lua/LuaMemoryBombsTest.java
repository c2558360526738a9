package ai.wippy.lua;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Memory bombs in a JVM with a heap of 256 MiB, four times the default budget of a Lua call (64
 * MiB): each ends with kind TRAPPED and a message naming the limit, no OutOfMemoryError, and the
 * runtime keeps serving.
 */
class LuaMemoryBombsTest {

    @Test
    void bombsMeetTheCallsLimitNotTheJvms() throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:-OmitStackTraceInFastThrow",
                // the child runs the tier this test run runs (both tiers must meet the limit)
                "-Dwippy.lua.tier=" + System.getProperty("wippy.lua.tier", "compiled"),
                "-cp",
                classpath,
                LuaMemoryBombs.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(output).doesNotContain("OutOfMemoryError").contains("DONE");
        assertThat(process.exitValue()).as(output).isZero();
        for (int i = 0; i < LuaMemoryBombs.BOMBS.size(); i++) {
            assertThat(output)
                    .as(LuaMemoryBombs.BOMBS.get(i))
                    .containsPattern("BOMB " + i
                            + " TRAPPED .*memory limit exceeded.*default memory limit of a Lua call" + " \\(64 MiB")
                    .contains("AFTER " + i + " OK");
        }
    }
}
