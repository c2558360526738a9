package ai.wippy.benchmarks;

import ai.wippy.runtime.WasmRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;

/**
 * B5, run by {@code benchmarks/run.sh}: N concurrent calls of a WASM guest that sleeps 100 ms; prints
 * the wall time and the peak number of platform threads. The mode names the guest and the pool:
 * {@code static}, {@code lazy} and {@code inline} run a core module sleeping through WASI Preview 1
 * {@code poll_oneoff}; {@code component}, {@code component-lazy} and {@code component-inline} run a
 * component sleeping through wasi:clocks {@code subscribe-duration} and wasi:io/poll {@code block}. A
 * static pool holds N instances and the probe waits until its background fill has made them all (the
 * time from the boot's start until then is printed as {@code READY}); a lazy pool may grow to N and starts empty, so its first round
 * makes the instances the warm-up did not; an inline pool makes one per call. A third argument {@code
 * flux} merges the calls through one {@code Flux.flatMap} (the earlier harness).
 *
 * <p>Prints the first round after a 200-call warm-up ({@code CONCURRENCY}) and the third ({@code
 * CONCURRENCYSTEADY}): mode, calls, wall ms, peak platform threads, answered calls, and the
 * process's CPU time in the round (ms, all threads), which a loaded machine disturbs less than the
 * wall time.
 */
public final class ConcurrencyProbe {

    public static void main(String[] args) throws java.io.IOException {
        int calls = Integer.parseInt(args[0]);
        String mode = args.length > 1 ? args[1] : "inline";
        boolean component = mode.startsWith("component");
        String type = component ? (mode.equals("component") ? "static" : mode.substring("component-".length())) : mode;
        String pool = switch (type) {
            case "static" -> "{ type: static, size: " + calls + " }";
            // lazy: as many instances as calls, a queue to match, none at start
            case "lazy" -> "{ type: lazy, max_size: " + calls + " }";
            case "inline" -> "{ type: inline }";
            default ->
                throw new IllegalArgumentException("mode " + mode + ": expected static, lazy, inline, "
                        + "component, component-lazy or component-inline");
        };
        String guest = component
                ? "    kind: function.wasm\n    fs: files\n    path: clock-sleep.wasm\n    method: \"sleeper#sleep-ms\"\n"
                : "    kind: function.wat\n    source: file://sleep.wat\n    method: sleep\n";
        String yaml = "version: \"1.0\"\nnamespace: bench\nentries:\n"
                + "  - name: files\n    kind: fs.embed\n    directory: .\n"
                + "  - name: sleep\n" + guest
                + "    imports: [wasi:poll, wasi:clocks]\n    pool: " + pool + "\n";
        boolean flux = args.length > 2 && args[2].equals("flux");
        long boot = System.nanoTime();
        try (WasmRegistry r = Guests.registry(yaml)) {
            // a static pool's instances beyond the first are made in the background: the probe measures
            // the pool warm, as its type promises, and says how long filling it took
            if (!r.function("bench:sleep").orElseThrow().pool().awaitFilled(Duration.ofMinutes(2))) {
                throw new IllegalStateException("the pool did not fill in 2 minutes");
            }
            System.out.println("READY " + mode + " " + calls + " " + (System.nanoTime() - boot) / 1_000_000);
            // warm up the path once
            Flux.range(0, 200).flatMap(i -> r.callAsync("bench:sleep", 1), 200).blockLast();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            threads.resetPeakThreadCount();
            // -Dprobe.jfr=FILE records the first round alone (JFR's profile settings) into FILE, with
            // -Dprobe.jfr.round=steady the third
            String jfr = System.getProperty("probe.jfr");
            boolean steady = "steady".equals(System.getProperty("probe.jfr.round"));
            recorded(jfr != null && !steady ? jfr : null, () -> report("CONCURRENCY", mode, calls, r, flux, threads));
            // two more rounds in the same JVM: the figure once the JIT compiled the call path
            round(r, calls, flux, new AtomicInteger());
            recorded(steady ? jfr : null, () -> report("CONCURRENCYSTEADY", mode, calls, r, flux, threads));
        }
    }

    /** Runs {@code work}, recording it with JFR's profile settings into {@code file} unless that is null. */
    private static void recorded(String file, Runnable work) throws java.io.IOException {
        if (file == null) {
            work.run();
            return;
        }
        try (jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"))) {
            // CPU-time samples (Linux): what the threads spent on the CPU, however loaded the machine is
            recording.enable("jdk.CPUTimeSample").with("throttle", "1ms");
            recording.start();
            work.run();
            recording.dump(java.nio.file.Path.of(file));
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("JFR's profile settings", e);
        }
    }

    private static void report(String tag, String mode, int calls, WasmRegistry r, boolean flux, ThreadMXBean threads) {
        long cpu = cpuNanos();
        long[] jitGc = jitAndGcCpuMillis();
        AtomicInteger ok = new AtomicInteger();
        long wallMs = round(r, calls, flux, ok);
        long cpuMs = (cpuNanos() - cpu) / 1_000_000;
        System.out.println(tag + " " + mode + " " + calls + " " + wallMs + " " + threads.getPeakThreadCount() + " "
                + ok.get() + " " + cpuMs);
        // of the CPU time, what the JIT compiler threads and the collector's threads took (Linux)
        long[] after = jitAndGcCpuMillis();
        System.out.println("DETAIL " + tag + " " + mode + " " + calls + " cpu " + cpuMs + " ms, of it jit "
                + (after[0] - jitGc[0]) + " ms, gc " + (after[1] - jitGc[1]) + " ms");
    }

    /**
     * The CPU time (ms) of the JVM's compiler threads and of its collector threads, from {@code
     * /proc/self/task} (clock ticks of 10 ms); zeros where there is no {@code /proc}.
     */
    private static long[] jitAndGcCpuMillis() {
        long[] out = new long[2];
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        if (!java.nio.file.Files.isDirectory(tasks)) {
            return out;
        }
        try (var dirs = java.nio.file.Files.list(tasks)) {
            for (var dir : (Iterable<java.nio.file.Path>) dirs::iterator) {
                try {
                    String comm =
                            java.nio.file.Files.readString(dir.resolve("comm")).trim();
                    int group = comm.contains("CompilerThre")
                            ? 0
                            : comm.startsWith("GC ") || comm.startsWith("G1 ") ? 1 : -1;
                    if (group < 0) {
                        continue;
                    }
                    String stat = java.nio.file.Files.readString(dir.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out[group] += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // utime, stime
                } catch (java.io.IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return out;
        }
        return out;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Starts {@code calls} calls at once and waits for every answer. By default each call is its own
     * subscription (what independent requests are); {@code flux} merges them through one {@code
     * Flux.flatMap} with a concurrency of {@code calls} instead, whose drain loop scans every inner
     * subscriber when answers arrive together and costs the harness a few hundred milliseconds at
     * 10,000 (the harness of the earlier figures).
     */
    private static long round(WasmRegistry r, int calls, boolean flux, AtomicInteger ok) {
        long start = System.nanoTime();
        if (flux) {
            Flux.range(0, calls)
                    .flatMap(i -> r.callAsync("bench:sleep", 100), calls)
                    .doOnNext(v -> ok.incrementAndGet())
                    .blockLast(Duration.ofMinutes(2));
        } else {
            CompletableFuture<?>[] answers = new CompletableFuture<?>[calls];
            for (int i = 0; i < calls; i++) {
                answers[i] = r.callAsync("bench:sleep", 100)
                        .doOnNext(v -> ok.incrementAndGet())
                        .toFuture();
            }
            CompletableFuture.allOf(answers).orTimeout(2, TimeUnit.MINUTES).join();
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
