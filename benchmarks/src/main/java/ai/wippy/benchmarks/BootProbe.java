package ai.wippy.benchmarks;

import ai.wippy.runtime.WasmRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * B6, run in a fresh JVM per measurement by {@code benchmarks/run.sh}:
 *
 * <ul>
 *   <li>{@code boot with|without N}: starts a Spring Boot application with N generated
 *       {@code function.wat} entries, with the Wippy auto-configuration or with it excluded, and
 *       prints the milliseconds from {@code SpringApplication.run} to a ready context;
 *   <li>{@code memory N}: the heap an idle instance costs, from a static pool of N instances
 *       against a pool of one.
 * </ul>
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BootProbe {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("memory")) {
            memory(Integer.parseInt(args[1]));
            return;
        }
        boolean with = args[1].equals("with");
        int entries = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("wippy-boot");
        StringBuilder yaml = new StringBuilder("version: \"1.0\"\nnamespace: boot\nentries:\n");
        for (int i = 0; i < entries; i++) {
            // Distinct binaries: each entry is decoded and compiled on its own.
            yaml.append("  - name: f")
                    .append(i)
                    .append("\n    kind: function.wat\n    method: f\n")
                    .append("    source: '(module (func (export \"f\") (result i32) i32.const ")
                    .append(i)
                    .append("))'\n")
                    .append("    pool: { type: static, size: 1 }\n");
        }
        Files.writeString(dir.resolve("_index.yaml"), yaml);
        SpringApplication app = new SpringApplication(BootProbe.class);
        app.setLogStartupInfo(false);
        String[] props = {
            "--spring.main.web-application-type=none",
            "--spring.main.banner-mode=off",
            "--logging.level.root=warn",
            "--wippy.registry.directories=" + dir,
            with
                    ? "--wippy.enabled-probe=true"
                    : "--spring.autoconfigure.exclude=ai.wippy.spring.WippyAutoConfiguration,ai.wippy.spring.metrics.WippyMetricsAutoConfiguration,ai.wippy.spring.actuate.WippyActuatorAutoConfiguration"
        };
        long start = System.nanoTime();
        try (ConfigurableApplicationContext ctx = app.run(props)) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            int functions = ctx.getBeanProvider(WasmRegistry.class).stream()
                    .mapToInt(r -> r.functions().size())
                    .sum();
            long jvmMs = ManagementFactory.getRuntimeMXBean().getUptime();
            System.out.println("BOOT " + (with ? "with" : "without") + " " + ms + " " + functions + " " + jvmMs);
        }
    }

    private static void memory(int n) throws Exception {
        // add.wat has no memory (the instance's own cost); hash.wat declares 17 pages (1.06 MiB).
        for (String[] guest : new String[][] {{"add", "add"}, {"hash", "fnv1a"}}) {
            String template = """
                    version: "1.0"
                    namespace: mem
                    entries:
                      - name: f
                        kind: function.wat
                        source: file://%s.wat
                        method: %s
                        pool: { type: static, size: %d }
                    """;
            long before = usedAfterGc();
            WasmRegistry one = Guests.registry(template.formatted(guest[0], guest[1], 1));
            long withOne = usedAfterGc();
            WasmRegistry many = Guests.registry(template.formatted(guest[0], guest[1], n));
            long withMany = usedAfterGc();
            System.out.println(
                    "MEMORY " + guest[0] + " " + n + " " + (withMany - withOne) / (n - 1) + " " + (withOne - before));
            one.close();
            many.close();
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
