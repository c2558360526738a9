package ai.wippy.benchmarks;

import ai.wippy.http.WasiHttpHandler;
import ai.wippy.registry.RegistryDocument;
import ai.wippy.registry.ResourceBase;
import ai.wippy.runtime.WasmRegistry;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * B7's wasm-specific part without the web server: the core's {@code wasi:http/incoming-handler}
 * server ({@link WasiHttpHandler}) answering the {@code b7:hello} component of {@code wippy/b7}
 * (the registry {@code b7.sh} serves), requests kept {@code concurrency} at a time in flight as wrk
 * does. Each row is the process's CPU time (every thread: the dispatcher's carriers too) per request,
 * the lowest and the median of {@code rounds} rounds; the row {@code hop} is the floor of a call on
 * the dispatcher (a virtual thread per call, answering a constant), the row {@code observed} the
 * handler with the observer the starter installs under Micrometer (one {@code wippy.function.call}
 * observation per request, timed); {@code on-loop} is the handler called on a non-blocking thread (as
 * a server's event loop calls it: the guest runs there) and {@code loop} that thread's floor. Run with {@code java -cp ...
 * ai.wippy.benchmarks.WasiHttpProbe [rounds] [requests] [concurrency]}.
 */
public final class WasiHttpProbe {

    /** Bytes allocated by every thread (a virtual thread's count in its carrier's). */
    private static final com.sun.management.ThreadMXBean ALLOCATION =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private WasiHttpProbe() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        String yaml;
        try (InputStream in = WasiHttpProbe.class.getResourceAsStream("/wippy/b7/_index.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (WasmRegistry registry = registry(yaml, ai.wippy.spi.RuntimeObserver.NONE);
                WasmRegistry observedRegistry = registry(yaml, observer())) {
            Supplier<Mono<Integer>> hello = hello(registry);
            Scheduler virtual = Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor());
            Supplier<Mono<Integer>> hop = () -> Mono.fromCallable(() -> 13).subscribeOn(virtual);
            // a server's event loop stands in: a non-blocking thread, where the handler runs the guest itself
            Scheduler loop = Schedulers.newSingle("loop");
            Supplier<Mono<Integer>> onLoop = () -> hello.get().subscribeOn(loop);
            Supplier<Mono<Integer>> loopAlone =
                    () -> Mono.fromCallable(() -> 13).subscribeOn(loop);
            String[] names = {"hop", "wasi-http", "observed", "loop", "on-loop"};
            List<Supplier<Mono<Integer>>> rows = List.of(hop, hello, hello(observedRegistry), loopAlone, onLoop);
            Integer first = hello.get().block();
            System.out.println("(first answer " + first + ")");
            double[][] perRequest = new double[rows.size()][rounds];
            double[][] bytes = new double[rows.size()][rounds];
            for (int w = 0; w < 3; w++) {
                for (Supplier<Mono<Integer>> row : rows) {
                    run(row, requests, concurrency);
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < rows.size(); k++) {
                    long cpu = processCpu();
                    long allocated = ALLOCATION.getTotalThreadAllocatedBytes();
                    run(rows.get(k), requests, concurrency);
                    perRequest[k][r] = (processCpu() - cpu) / 1000.0 / requests;
                    bytes[k][r] = (ALLOCATION.getTotalThreadAllocatedBytes() - allocated) / (double) requests;
                }
            }
            for (int k = 0; k < rows.size(); k++) {
                double[] sorted = perRequest[k].clone();
                Arrays.sort(sorted);
                double[] heap = bytes[k].clone();
                Arrays.sort(heap);
                System.out.printf(
                        "WASIHTTP %-10s min %6.1f us  median %6.1f us CPU per request, %6.0f bytes allocated%n",
                        names[k], sorted[0], sorted[sorted.length / 2], heap[heap.length / 2]);
            }
            virtual.dispose();
            loop.dispose();
        }
    }

    private static WasmRegistry registry(String yaml, ai.wippy.spi.RuntimeObserver observer) {
        return WasmRegistry.builder()
                .document(new RegistryDocument(
                        "wippy/b7/_index.yaml",
                        yaml,
                        new ResourceBase.Classpath(WasiHttpProbe.class.getClassLoader(), "wippy/b7")))
                .observer(observer)
                .build();
    }

    /**
     * The observer the starter installs with Micrometer: each call a {@code wippy.function.call}
     * observation, timed by the call meter handler, the default meter handler serving the rest.
     */
    private static ai.wippy.spi.RuntimeObserver observer() {
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        var timers = new ai.wippy.spring.metrics.CallTimers(
                beans(io.micrometer.core.instrument.MeterRegistry.class, meters));
        var observations = io.micrometer.observation.ObservationRegistry.create();
        observations
                .observationConfig()
                .observationHandler(
                        new io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler(
                                new ai.wippy.spring.metrics.WippyCallMeterHandler(timers),
                                new io.micrometer.core.instrument.observation.DefaultMeterObservationHandler(meters)));
        return new ai.wippy.spring.metrics.ObservationRuntimeObserver(
                beans(io.micrometer.observation.ObservationRegistry.class, observations),
                timers,
                new ai.wippy.spring.metrics.WippyCallObservationConvention());
    }

    private static <T> org.springframework.beans.factory.ObjectProvider<T> beans(Class<T> type, T bean) {
        return new org.springframework.beans.factory.support.StaticListableBeanFactory(Map.of("bean", bean))
                .getBeanProvider(type);
    }

    private static Supplier<Mono<Integer>> hello(WasmRegistry registry) {
        WasiHttpHandler handler = new WasiHttpHandler(registry, "b7:hello");
        List<Map.Entry<String, String>> headers =
                List.of(Map.entry("Host", "127.0.0.1"), Map.entry("User-Agent", "probe"));
        return () -> handler.handle(
                        new WasiHttpHandler.Request("GET", "/wasm/hello", "http", "127.0.0.1", headers, null))
                .map(r -> r.status() + r.whole().length);
    }

    private static void run(Supplier<Mono<Integer>> row, int requests, int concurrency) {
        long sum = Flux.range(0, requests)
                .flatMap(i -> row.get(), concurrency)
                .reduce(0L, (a, b) -> a + b)
                .block();
        if (sum <= 0) {
            throw new IllegalStateException("no answers");
        }
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
