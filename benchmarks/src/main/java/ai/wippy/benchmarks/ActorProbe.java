package ai.wippy.benchmarks;

import ai.wippy.actor.ActorProcess;
import ai.wippy.actor.MailboxLimits;
import ai.wippy.actor.Message;
import ai.wippy.actor.Payload;
import ai.wippy.call.CallContext;
import ai.wippy.process.ProcessHandle;
import ai.wippy.process.ProcessHost;
import ai.wippy.runtime.WasmRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * B9: messages/s between two WASM actors (the counter fixture's ping/pong volley, two messages per
 * round), Java -> actor request/reply latency (send {@code get}, wait for {@code count}), and the
 * peer: the same volley between two Java threads over {@code ArrayBlockingQueue}s. Prints {@code
 * ACTORS volley <msgs/s> queue <msgs/s> ratio <r> rtt_us p50 <x> p99 <y> ... cpu_us volley <a>
 * queue <b> warmup_s <w>}: the process's CPU time per message of each volley, and how long the
 * volley ran before it was measured.
 *
 * <p>The volley is measured once it is warm: it runs in one-second windows until the JIT and GC
 * threads took less than {@link #JVM_QUIET} of the CPU in {@link #QUIET_WINDOWS} in a row (at most {@link #WARMUP_MAX_S} s). On a machine that other
 * work loads, the first seconds of the volley run at a tenth of its steady rate while C2 compiles
 * the guest's and the runtime's hot code, at ten times the CPU per message; a fixed half-second
 * warm-up measured that phase (B9's 0.46x of an earlier run).
 */
public final class ActorProbe {

    /** The JVM threads' share of the CPU in a one-second window below which the volley counts as warm. */
    static final double JVM_QUIET = 0.05;

    /** How many quiet windows in a row make the volley warm. */
    static final int QUIET_WINDOWS = 3;

    /** The longest warm-up before measuring regardless. */
    static final int WARMUP_MAX_S = 60;

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        String yaml = "version: \"1.0\"\nnamespace: bench\nentries:\n"
                + "  - name: files\n    kind: fs.embed\n    directory: .\n"
                + "  - name: counter\n    kind: process.wasm\n    fs: files\n    path: counter.wasm\n"
                + "    method: run\n    imports: [wippy:actor]\n";
        try (WasmRegistry r = Guests.registry(yaml)) {
            ActorProcess me =
                    r.actors().register("bench:java", CallContext.empty(), MailboxLimits.DEFAULT, null, false, false);
            ProcessHandle a = ProcessHost.of(r).spawn("bench:counter", List.of());
            ProcessHandle b = ProcessHost.of(r).spawn("bench:counter", List.of());
            // request/reply latency, after a warm-up
            long[] rtt = new long[20_000];
            for (int i = -5_000; i < rtt.length; i++) {
                long t0 = System.nanoTime();
                me.send(a.processId().toString(), "get", List.of());
                Message m = me.mailbox().receive(x -> true, TimeUnit.SECONDS.toNanos(10));
                if (m == null) {
                    throw new IllegalStateException("no reply");
                }
                if (i >= 0) {
                    rtt[i] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(rtt);
            // the volley: a serves b, then they ping-pong; each pong counted by a is one round (2 messages)
            long before = count(me, a);
            me.send(
                    a.processId().toString(),
                    "serve",
                    List.of(Payload.text(b.processId().toString())));
            long warmStart = System.nanoTime();
            warmUp(me, a);
            double warmup = (System.nanoTime() - warmStart) / 1e9;
            long c0 = count(me, a);
            long t0 = System.nanoTime();
            long cpu0 = cpu();
            Thread.sleep((long) (seconds * 1000));
            long c1 = count(me, a);
            double volley = 2.0 * (c1 - c0) / ((System.nanoTime() - t0) / 1e9);
            double volleyCpu = (cpu() - cpu0) / 1e3 / (2.0 * (c1 - c0));
            a.stop();
            b.stop();
            queueVolley(1, new long[1]); // its warm-up
            long queueCpu0 = cpu();
            long[] queueMessages = new long[1];
            double queue = queueVolley(seconds, queueMessages);
            double queueCpu = (cpu() - queueCpu0) / 1e3 / queueMessages[0];
            System.out.printf(
                    "ACTORS volley %.0f queue %.0f ratio %.2f rtt_us p50 %.1f p99 %.1f (count before %d)"
                            + " cpu_us volley %.2f queue %.2f warmup_s %.0f%n",
                    volley,
                    queue,
                    volley / queue,
                    rtt[rtt.length / 2] / 1e3,
                    rtt[rtt.length * 99 / 100] / 1e3,
                    before,
                    volleyCpu,
                    queueCpu,
                    warmup);
        }
    }

    private static long count(ActorProcess me, ProcessHandle a) throws InterruptedException {
        me.send(a.processId().toString(), "get", List.of());
        Message m = me.mailbox().receive(x -> x.topic().equals("count"), TimeUnit.SECONDS.toNanos(10));
        return Long.parseLong(((Payload.Json) m.payloads().get(0)).json());
    }

    /**
     * Runs the volley in one-second windows until the JVM's own threads (the JIT compilers, GC)
     * have used less than {@link #JVM_QUIET} of the process's CPU for {@link #QUIET_WINDOWS}
     * windows in a row, at most {@link #WARMUP_MAX_S} s; prints each window. The JVM's share is the
     * process's CPU less that of the Java threads (the actors' carriers among them): it counts a
     * compilation while it runs, where the JIT's time counter grows only when one ends.
     */
    private static void warmUp(ActorProcess me, ProcessHandle a) throws InterruptedException {
        int quiet = 0;
        for (int s = 0; s < WARMUP_MAX_S && quiet < QUIET_WINDOWS; s++) {
            long c0 = count(me, a);
            long cpu0 = cpu();
            long java0 = javaThreadsCpu();
            Thread.sleep(1000);
            long c1 = count(me, a);
            long cpu = cpu() - cpu0;
            double jvm = Math.max(0, cpu - (javaThreadsCpu() - java0)) / (double) Math.max(1, cpu);
            quiet = jvm < JVM_QUIET ? quiet + 1 : 0;
            System.out.printf(
                    "warm-up %2d s: %,.0f msgs, cpu_us %.1f, jvm threads %.0f%% of the cpu%n",
                    s, 2.0 * (c1 - c0), cpu / 1e3 / Math.max(1, 2 * (c1 - c0)), 100 * jvm);
        }
    }

    /** CPU time of the live Java threads, in nanoseconds. */
    private static long javaThreadsCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            sum += Math.max(0, threads.getThreadCpuTime(id));
        }
        return sum;
    }

    /** CPU time of the whole process so far (all threads, the JIT and GC included), in nanoseconds. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Two platform threads volleying one token over two queues; {@code messages[0]} gets the count. */
    private static double queueVolley(double seconds, long[] messages) throws InterruptedException {
        BlockingQueue<Integer> ab = new ArrayBlockingQueue<>(128);
        BlockingQueue<Integer> ba = new ArrayBlockingQueue<>(128);
        long[] rounds = new long[1];
        Thread other = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    ba.put(ab.take());
                }
            } catch (InterruptedException e) {
                // done
            }
        });
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long t0 = System.nanoTime();
        while (System.nanoTime() < end) {
            ab.put(1);
            ba.take();
            rounds[0]++;
        }
        double rate = 2.0 * rounds[0] / ((System.nanoTime() - t0) / 1e9);
        messages[0] = 2 * rounds[0];
        other.interrupt();
        return rate;
    }
}
