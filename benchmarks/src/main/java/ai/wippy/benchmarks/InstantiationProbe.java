package ai.wippy.benchmarks;

import ai.wippy.component.Component;
import ai.wippy.component.ComponentLinker;
import ai.wippy.component.InstancePre;
import ai.wippy.engine.CompileCache;
import ai.wippy.engine.EngineMode;
import ai.wippy.engine.ModuleCompiler;
import ai.wippy.registry.RegistryDocument;
import ai.wippy.registry.ResourceBase;
import ai.wippy.runtime.WasmRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * B8, run in a fresh JVM per measurement by {@code benchmarks/run.sh}:
 *
 * <ul>
 *   <li>{@code instances LABEL FILE GRANTS}: one instance of a component (compiled and linked once)
 *       after 200 warm-up instances: the median of 200 single instantiations, and 1,000 in a burst;
 *       then the same once the JIT compiled the path (3 s of warm-up): the median of 1,000 single
 *       instantiations, a burst of 1,000 and the CPU time per instance in that burst;
 *   <li>{@code prepare FILE DIR}: a registry with one {@code function.wasm} entry running the
 *       componentize-js component's {@code describe} in {@code DIR/wippy/js}, compiled at build time into {@code DIR};
 *   <li>{@code first-call cold|warm|build DIR CACHE}: the time from the JVM's start and from the
 *       runtime's boot to the first answer of that entry: with an empty compile cache, the cache
 *       folder {@code CACHE} filled by an earlier run, or the build-time classes of {@code DIR} (on the
 *       class path).
 * </ul>
 */
public final class InstantiationProbe {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "instances" -> instances(args[1], Path.of(args[2]), args.length > 3 ? args[3] : "");
            case "prepare" -> prepare(Path.of(args[1]), Path.of(args[2]));
            case "first-call" -> firstCall(args[1], Path.of(args[2]), args.length > 3 ? Path.of(args[3]) : null);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void instances(String label, Path file, String grants) throws Exception {
        Component component = Component.compile(Files.readAllBytes(file), new ModuleCompiler(EngineMode.COMPILER));
        InstancePre pre = new ComponentLinker()
                .defineAll(ai.wippy.wasi.p2.hosts.WasiPreview2.hosts())
                .instantiatePre(component, grants.isEmpty() ? Set.of() : Set.of(grants.split(",")), null);
        for (int i = 0; i < 200; i++) {
            pre.instantiate();
        }
        long[] single = new long[200];
        for (int i = 0; i < single.length; i++) {
            long t = System.nanoTime();
            pre.instantiate();
            single[i] = System.nanoTime() - t;
        }
        Arrays.sort(single);
        var threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            pre.instantiate();
        }
        long burstMs = (System.nanoTime() - start) / 1_000_000;
        long burstCpu = threads.getCurrentThreadCpuTime() - cpu;
        System.out.printf("INSTANCE %s %.1f %d%n", label, single[single.length / 2] / 1000.0, burstMs);
        // the CPU time of this thread per instance in the burst: less disturbed by other load on the machine
        System.out.printf("INSTANCECPU %s %.1f%n", label, burstCpu / 1000.0 / 1000);
        steady(label, pre);
    }

    /**
     * The same figures once the JIT compiled the instantiation path (200 warm-up instances leave
     * most of it interpreted): instances made and closed for 3 s, then the median of 1,000 single
     * instantiations (each closed after) and another burst of 1,000 kept alive.
     */
    private static void steady(String label, InstancePre pre) {
        long until = System.nanoTime() + 3_000_000_000L;
        int warm = 0;
        while (System.nanoTime() < until) {
            pre.instantiate().close();
            warm++;
        }
        long[] single = new long[1000];
        for (int i = 0; i < single.length; i++) {
            long t = System.nanoTime();
            var instance = pre.instantiate();
            single[i] = System.nanoTime() - t;
            instance.close();
        }
        Arrays.sort(single);
        var threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        var burst = new java.util.ArrayList<ai.wippy.component.ComponentInstance>(1000);
        for (int i = 0; i < 1000; i++) {
            burst.add(pre.instantiate());
        }
        long burstMs = (System.nanoTime() - start) / 1_000_000;
        long burstCpu = threads.getCurrentThreadCpuTime() - cpu;
        burst.forEach(ai.wippy.component.ComponentInstance::close);
        System.out.printf(
                "INSTANCESTEADY %s %.1f %d %.1f (after %d warm-up instances)%n",
                label, single[single.length / 2] / 1000.0, burstMs, burstCpu / 1000.0 / 1000, warm);
    }

    private static final String REGISTRY = """
            version: "1.0"
            namespace: js
            entries:
              - { name: bin, kind: fs.embed, directory: ./bin }
              - name: describe
                kind: function.wasm
                fs: bin
                path: component.wasm
                method: describe
                imports: [wasi:cli, wasi:io, wasi:poll, wasi:clocks, wasi:random]
            """;

    private static void prepare(Path file, Path classes) throws Exception {
        Path folder = classes.resolve("wippy/js");
        Files.createDirectories(folder.resolve("bin"));
        Files.copy(file, folder.resolve("bin/component.wasm"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(folder.resolve("_index.yaml"), REGISTRY);
        new ai.wippy.maven.BuildTimeCompiler(classes, "wippy/js", System.out::println).run();
    }

    private static void firstCall(String mode, Path classes, Path cacheDir) throws Exception {
        long start = System.nanoTime();
        ClassLoader loader = InstantiationProbe.class.getClassLoader();
        var builder = WasmRegistry.builder()
                .document(new RegistryDocument(
                        "wippy/js/_index.yaml", REGISTRY, new ResourceBase.Classpath(loader, "wippy/js")));
        switch (mode) {
            // no class path: the build-time classes of DIR stay unseen
            case "cold" ->
                builder.compileCache(CompileCache.at(Files.createTempDirectory("wippy-b8"), Long.MAX_VALUE, null));
            case "warm" -> builder.compileCache(CompileCache.at(cacheDir, Long.MAX_VALUE, null));
            case "build" -> builder.compileCache(CompileCache.classPathOnly(loader));
            default -> throw new IllegalArgumentException(mode);
        }
        try (WasmRegistry r = builder.build()) {
            Object answer = r.call("js:describe", "ada");
            long ms = (System.nanoTime() - start) / 1_000_000;
            var stats = r.compileStats();
            System.out.println("FIRSTCALL " + mode + " " + ms + " "
                    + ManagementFactory.getRuntimeMXBean().getUptime() + " " + stats.compiled() + "/"
                    + stats.fromCache() + "/" + stats.fromBuildTime() + " " + answer);
        }
    }
}
