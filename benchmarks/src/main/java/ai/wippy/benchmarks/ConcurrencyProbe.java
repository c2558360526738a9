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
 * the wall time and the peak number of platform threads. Modes: {@code component} (a component
 * sleeping through wasi:clocks subscribe-duration and wasi:io/poll block, static warm pool),
 * {@code static} and {@code inline} (a core module sleeping through WASI Preview 1 poll_oneoff). A
 * third argument {@code flux} merges the calls through one {@code Flux.flatMap} (the earlier harness).
 * Prints the first round after a 200-call warm-up ({@code CONCURRENCY}) and the third
 * ({@code CONCURRENCYSTEADY}).
 */
public final class ConcurrencyProbe {

    public static void main(String[] args) {
        int calls = Integer.parseInt(args[0]);
        String mode = args.length > 1 ? args[1] : "inline";
        String pool = mode.equals("inline") ? "{ type: inline }" : "{ type: static, size: " + calls + " }";
        String guest = mode.equals("component")
                ? "    kind: function.wasm\n    fs: files\n    path: clock-sleep.wasm\n    method: \"sleeper#sleep-ms\"\n"
                : "    kind: function.wat\n    source: file://sleep.wat\n    method: sleep\n";
        String yaml = "version: \"1.0\"\nnamespace: bench\nentries:\n"
                + "  - name: files\n    kind: fs.embed\n    directory: .\n"
                + "  - name: sleep\n" + guest
                + "    imports: [wasi:poll, wasi:clocks]\n    pool: " + pool + "\n";
        boolean flux = args.length > 2 && args[2].equals("flux");
        try (WasmRegistry r = Guests.registry(yaml)) {
            // warm up the path once
            Flux.range(0, 200).flatMap(i -> r.callAsync("bench:sleep", 1), 200).blockLast();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            threads.resetPeakThreadCount();
            AtomicInteger ok = new AtomicInteger();
            long wallMs = round(r, calls, flux, ok);
            System.out.println("CONCURRENCY " + mode + " " + calls + " " + wallMs + " " + threads.getPeakThreadCount()
                    + " " + ok.get());
            // two more rounds in the same JVM: the figure once the JIT compiled the call path
            round(r, calls, flux, new AtomicInteger());
            AtomicInteger again = new AtomicInteger();
            long steadyMs = round(r, calls, flux, again);
            System.out.println("CONCURRENCYSTEADY " + mode + " " + calls + " " + steadyMs + " "
                    + threads.getPeakThreadCount() + " " + again.get());
        }
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
