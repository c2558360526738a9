package ai.wippy.benchmarks;

import ai.wippy.runtime.WasmRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;

/**
 * B5, run by {@code benchmarks/run.sh}: N concurrent calls of a WASM guest that sleeps 100 ms through
 * WASI {@code poll_oneoff}; prints the wall time and the peak number of platform threads.
 */
public final class ConcurrencyProbe {

    public static void main(String[] args) {
        int calls = Integer.parseInt(args[0]);
        String pool = args.length > 1 && args[1].equals("static")
                ? "{ type: static, size: " + calls + " }"
                : "{ type: inline }";
        try (WasmRegistry r = Guests.registry("""
                version: "1.0"
                namespace: bench
                entries:
                  - name: sleep
                    kind: function.wat
                    source: file://sleep.wat
                    method: sleep
                    imports: [wasi:poll, wasi:clocks]
                    pool: %s
                """.formatted(pool))) {
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
            System.out.println("CONCURRENCY " + (pool.contains("static") ? "static" : "inline") + " " + calls + " "
                    + wallMs + " " + threads.getPeakThreadCount() + " " + ok.get());
        }
    }
}
