package ai.wippy.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * B4 on a loaded machine: the {@link LuaBridgeBenchmark} rows measured in the process's CPU time
 * (not wall time; a Lua call runs on a thread of its own, so this thread's CPU time would miss it),
 * so that other processes sharing the cores disturb the figures less. Each row is the lowest of
 * {@code rounds} rounds of {@code ops} operations, per call (per Lua call for {@code luaCallAlone}),
 * after a warm-up, and B4's ratio ({@code fromLua} over {@code fromJava}) taken per round, its
 * median and quartiles; run with {@code java -cp ... ai.wippy.benchmarks.LuaBridgeProbe [rounds] [ops]
 * [row,row...]}.
 */
public final class LuaBridgeProbe {

    private LuaBridgeProbe() {}

    private record Row(String name, int perOp, LongSupplier op) {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        LuaBridgeBenchmark bench = new LuaBridgeBenchmark();
        bench.setUp();
        try {
            List<Row> all = List.of(
                    new Row("fromJava", LuaBridgeBenchmark.CALLS, bench::fromJava),
                    new Row("fromJavaScalar", LuaBridgeBenchmark.CALLS, bench::fromJavaScalar),
                    new Row("fromLua", LuaBridgeBenchmark.CALLS, () -> ((Number) bench.fromLua()).longValue()),
                    new Row("luaLoopOnly", LuaBridgeBenchmark.CALLS, () -> ((Number) bench.luaLoopOnly()).longValue()),
                    new Row("luaCallAlone", 1, () -> ((Number) bench.luaCallAlone()).longValue()));
            List<String> wanted = args.length > 2
                    ? Arrays.asList(args[2].split(","))
                    : all.stream().map(Row::name).toList();
            List<Row> rows = all.stream().filter(r -> wanted.contains(r.name())).toList();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            double[][] perCall = new double[rows.size()][rounds];
            long sink = 0;
            for (int w = 0; w < 5; w++) {
                for (Row row : rows) {
                    for (int i = 0; i < ops; i++) {
                        sink += row.op().getAsLong();
                    }
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < rows.size(); k++) {
                    Row row = rows.get(k);
                    long cpu = os.getProcessCpuTime();
                    for (int i = 0; i < ops; i++) {
                        sink += row.op().getAsLong();
                    }
                    perCall[k][r] = (os.getProcessCpuTime() - cpu) / ((double) ops * row.perOp());
                }
            }
            for (int k = 0; k < rows.size(); k++) {
                double[] v = perCall[k].clone();
                Arrays.sort(v);
                System.out.printf(
                        java.util.Locale.ROOT,
                        "%-16s lowest %10.1f ns  median %10.1f ns (process CPU per call)%n",
                        rows.get(k).name(),
                        v[0],
                        v[v.length / 2]);
            }
            int lua = rows.indexOf(rows.stream()
                    .filter(r -> r.name().equals("fromLua"))
                    .findFirst()
                    .orElse(null));
            int peer = rows.indexOf(rows.stream()
                    .filter(r -> r.name().equals("fromJava"))
                    .findFirst()
                    .orElse(null));
            if (lua >= 0 && peer >= 0) {
                // B4's ratio per round, both rows measured moments apart: steadier than the ratio of two minima
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratio[r] = perCall[lua][r] / perCall[peer][r];
                }
                Arrays.sort(ratio);
                System.out.printf(
                        java.util.Locale.ROOT,
                        "fromLua/fromJava per round: median %.2fx, quartiles %.2fx .. %.2fx%n",
                        ratio[rounds / 2],
                        ratio[rounds / 4],
                        ratio[(3 * rounds) / 4]);
            }
            System.out.println("(sink " + sink + ")");
        } finally {
            bench.tearDown();
        }
    }
}
