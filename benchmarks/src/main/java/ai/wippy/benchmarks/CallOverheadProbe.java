package ai.wippy.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * B1 on a loaded machine: the {@link CallOverheadBenchmark} methods measured in this thread's CPU
 * time (not wall time), so that other processes sharing the cores disturb the figures less. Each
 * row is the lowest of {@code rounds} rounds of {@code calls} calls, after a warm-up; run with
 * {@code java -cp ... ai.wippy.benchmarks.CallOverheadProbe [rounds] [calls] [row,row...]}: naming
 * rows runs only those and {@code directChicory} (one JVM per row keeps the profiles of one row
 * from shaping the code of another).
 */
public final class CallOverheadProbe {

    private CallOverheadProbe() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        CallOverheadBenchmark bench = new CallOverheadBenchmark();
        bench.setUp();
        try {
            String[] all = {"directChicory", "registryJavaApi", "registryScalarHandle", "registryProxy"};
            LongSupplier[] each = {
                bench::directChicory,
                () -> ((Number) bench.registryJavaApi()).longValue(),
                bench::registryScalarHandle,
                bench::registryProxy
            };
            java.util.List<String> wanted = args.length > 2 ? Arrays.asList(args[2].split(",")) : Arrays.asList(all);
            String[] names = java.util.stream.IntStream.range(0, all.length)
                    .filter(k -> k == 0 || wanted.contains(all[k]))
                    .mapToObj(k -> all[k])
                    .toArray(String[]::new);
            LongSupplier[] rows = java.util.stream.IntStream.range(0, all.length)
                    .filter(k -> k == 0 || wanted.contains(all[k]))
                    .mapToObj(k -> each[k])
                    .toArray(LongSupplier[]::new);
            double[][] perCall = new double[rows.length][rounds];
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long sink = 0;
            for (int w = 0; w < 3; w++) {
                for (LongSupplier row : rows) {
                    for (int i = 0; i < calls; i++) {
                        sink += row.getAsLong();
                    }
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < rows.length; k++) {
                    LongSupplier row = rows[k];
                    long cpu = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < calls; i++) {
                        sink += row.getAsLong();
                    }
                    perCall[k][r] = (threads.getCurrentThreadCpuTime() - cpu) / (double) calls;
                }
            }
            double direct = Arrays.stream(perCall[0]).min().orElseThrow();
            for (int k = 0; k < rows.length; k++) {
                double[] sorted = perCall[k].clone();
                Arrays.sort(sorted);
                System.out.printf(
                        "%-22s min %6.1f ns  median %6.1f ns  (+%.1f over direct's min)%n",
                        names[k], sorted[0], sorted[sorted.length / 2], sorted[0] - direct);
            }
            System.out.println("(sink " + sink + ")");
        } finally {
            bench.tearDown();
        }
    }
}
