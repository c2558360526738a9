package ai.wippy.benchmarks;

import ai.wippy.runtime.WasmRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;

/**
 * B5, run by {@code benchmarks/run.sh}: N concurrent calls of a WASM guest that sleeps 100 ms; prints
 * the wall time and the peak number of platform threads. Modes: {@code component} (a component
 * sleeping through wasi:clocks subscribe-duration and wasi:io/poll block, static warm pool),
 * {@code static} and {@code inline} (a core module sleeping through WASI Preview 1 poll_oneoff).
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
        try (WasmRegistry r = Guests.registry(yaml)) {
            // warm up the path once
            Flux.range(0, 200).flatMap(i -> r.callAsync("bench:sleep", 1), 200).blockLast();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            threads.resetPeakThreadCount();
            AtomicInteger ok = new AtomicInteger();
            long start = System.nanoTime();
            Flux.range(0, calls)
                    .flatMap(i -> r.callAsync("bench:sleep", 100), calls)
                    .doOnNext(v -> ok.incrementAndGet())
                    .blockLast(Duration.ofMinutes(2));
            long wallMs = (System.nanoTime() - start) / 1_000_000;
            System.out.println("CONCURRENCY " + mode + " " + calls + " " + wallMs + " " + threads.getPeakThreadCount()
                    + " " + ok.get());
        }
    }
}
