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
 *   <li>{@code boot with|without N [cold|warm|build DIR]}: starts a Spring Boot application with N
 *       generated {@code function.wat} entries, with the Wippy auto-configuration or with it excluded,
 *       and prints the milliseconds from {@code SpringApplication.run} to a ready context. {@code
 *       cold}: an empty compile cache; {@code warm}: the compile cache folder {@code DIR} filled by an
 *       earlier boot; {@code build}: the registry read from the class path folder {@code DIR}, where
 *       {@code prepare} compiled it as wippy-maven-plugin does (no compile cache);
 *   <li>{@code prepare N DIR}: writes the registry of {@code boot} into {@code DIR/wippy/boot} and
 *       compiles it at build time into {@code DIR};
 *   <li>{@code -Dboot.pool=default}: the entries keep the default (lazy) pool instead of a static pool
 *       of one, whose instance is made at boot;
 *   <li>{@code -Dboot.steps=N}: also prints the N longest start-up steps ({@code STEP} lines: Spring's
 *       bean creations and post-processors, each without its nested steps), for finding where a boot goes;
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
        if (args[0].equals("prepare")) {
            Path classes = Path.of(args[2]);
            Files.createDirectories(classes.resolve("wippy/boot"));
            Files.writeString(classes.resolve("wippy/boot/_index.yaml"), registry(Integer.parseInt(args[1])));
            new ai.wippy.maven.BuildTimeCompiler(classes, "wippy/boot", System.out::println).run();
            return;
        }
        boolean with = args[1].equals("with");
        int entries = Integer.parseInt(args[2]);
        String cache = args.length > 3 ? args[3] : "cold";
        Path dir = Files.createTempDirectory("wippy-boot");
        Files.writeString(dir.resolve("_index.yaml"), registry(entries));
        java.util.List<String> props = new java.util.ArrayList<>(java.util.List.of(
                "--spring.main.web-application-type=none",
                "--spring.main.banner-mode=off",
                "--logging.level.root=warn"));
        switch (cache) {
            case "cold" ->
                props.addAll(java.util.List.of(
                        // the class path's other registries stay out: each case loads the same 50 entries
                        "--wippy.registry.locations=classpath*:wippy-none/_index.yaml",
                        "--wippy.registry.directories=" + dir,
                        "--wippy.engine.cache-dir=" + Files.createTempDirectory("wippy-cold-cache")));
            case "warm" ->
                props.addAll(java.util.List.of(
                        "--wippy.registry.locations=classpath*:wippy-none/_index.yaml",
                        "--wippy.registry.directories=" + dir,
                        "--wippy.engine.cache-dir=" + args[4]));
            case "build" ->
                props.addAll(java.util.List.of(
                        "--wippy.registry.locations=classpath*:wippy/boot/_index.yaml", "--wippy.engine.cache=false"));
            default -> throw new IllegalArgumentException("cold, warm or build: " + cache);
        }
        if (!with) {
            props.add("--spring.autoconfigure.exclude=" + String.join(",", wippyAutoConfigurations()));
        }
        SpringApplication app = new SpringApplication(BootProbe.class);
        app.setLogStartupInfo(false);
        // -Dboot.steps=N: the N longest start-up steps (bean creations, post-processors), for finding where a boot goes
        int steps = Integer.getInteger("boot.steps", 0);
        var startup = new org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup(100_000);
        if (steps > 0) {
            app.setApplicationStartup(startup);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = os.getProcessCpuTime();
        long mainStart = threads.getCurrentThreadCpuTime();
        try (ConfigurableApplicationContext ctx = app.run(props.toArray(String[]::new))) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            // CPU time moves less than wall time on a machine loaded by others: both are printed
            long cpuMs = (os.getProcessCpuTime() - cpuStart) / 1_000_000;
            long mainMs = (threads.getCurrentThreadCpuTime() - mainStart) / 1_000_000;
            var registries = ctx.getBeanProvider(WasmRegistry.class).stream().toList();
            int functions =
                    registries.stream().mapToInt(r -> r.functions().size()).sum();
            String compiled = registries.isEmpty()
                    ? "-"
                    : registries.get(0).compileStats().compiled() + "/"
                            + registries.get(0).compileStats().fromCache() + "/"
                            + registries.get(0).compileStats().fromBuildTime();
            long jvmMs = ManagementFactory.getRuntimeMXBean().getUptime();
            System.out.println("BOOT " + (with ? "with" : "without") + " " + ms + " " + functions + " " + jvmMs + " "
                    + (with ? cache : "-") + " " + compiled + " cpu=" + cpuMs + " main-cpu=" + mainMs);
            if (steps > 0) {
                printSteps(startup, steps);
            }
        }
    }

    /** The {@code n} longest steps of the start, each with its own time (what its nested steps did left out). */
    private static void printSteps(
            org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup startup, int n) {
        var timeline = startup.getBufferedTimeline().getEvents();
        java.util.Map<Long, Long> nested = new java.util.HashMap<>();
        for (var e : timeline) {
            Long parent = e.getStartupStep().getParentId();
            if (parent != null) {
                nested.merge(parent, e.getDuration().toNanos(), Long::sum);
            }
        }
        timeline.stream()
                .map(e -> {
                    var tags = new StringBuilder();
                    e.getStartupStep()
                            .getTags()
                            .forEach(t -> tags.append(' ')
                                    .append(t.getKey())
                                    .append('=')
                                    .append(t.getValue()));
                    long own = e.getDuration().toNanos()
                            - nested.getOrDefault(e.getStartupStep().getId(), 0L);
                    return java.util.Map.entry(own, e.getStartupStep().getName() + tags);
                })
                .sorted(java.util.Map.Entry.<Long, String>comparingByKey().reversed())
                .limit(n)
                .forEach(e -> System.out.println("STEP " + e.getKey() / 1_000_000 + " ms " + e.getValue()));
    }

    /** Every auto-configuration of the starter (the application without Wippy excludes them all). */
    private static java.util.List<String> wippyAutoConfigurations() throws java.io.IOException {
        java.util.List<String> names = new java.util.ArrayList<>();
        var files = BootProbe.class
                .getClassLoader()
                .getResources("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
        while (files.hasMoreElements()) {
            try (var in = files.nextElement().openStream()) {
                new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                        .lines()
                        .map(String::strip)
                        .filter(line -> line.startsWith("ai.wippy."))
                        .forEach(names::add);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("no Wippy auto-configuration on the class path");
        }
        return names;
    }

    /**
     * Whether each entry asks for a static pool of one (its instance made at boot, the runs so far);
     * {@code -Dboot.pool=default} leaves the default pool (lazy: no instance until the first call).
     */
    private static final boolean STATIC_POOL = !"default".equals(System.getProperty("boot.pool"));

    /** N function.wat entries of distinct binaries: each entry is decoded and compiled on its own. */
    static String registry(int entries) {
        StringBuilder yaml = new StringBuilder("version: \"1.0\"\nnamespace: boot\nentries:\n");
        for (int i = 0; i < entries; i++) {
            // Distinct binaries: each entry is decoded and compiled on its own.
            yaml.append("  - name: f")
                    .append(i)
                    .append("\n    kind: function.wat\n    method: f\n")
                    .append("    source: '(module (func (export \"f\") (result i32) i32.const ")
                    .append(i)
                    .append("))'\n")
                    .append(STATIC_POOL ? "    pool: { type: static, size: 1 }\n" : "");
        }
        return yaml.toString();
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
