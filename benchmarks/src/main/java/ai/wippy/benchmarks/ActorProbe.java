package ai.wippy.benchmarks;

import ai.wippy.actor.ActorProcess;
import ai.wippy.actor.MailboxLimits;
import ai.wippy.actor.Message;
import ai.wippy.actor.Payload;
import ai.wippy.call.CallContext;
import ai.wippy.process.ProcessHandle;
import ai.wippy.process.ProcessHost;
import ai.wippy.runtime.WasmRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * B9: messages/s between two WASM actors (the counter fixture's ping/pong volley, two messages per
 * round), Java -> actor request/reply latency (send {@code get}, wait for {@code count}), and the
 * peer: the same volley between two Java threads over {@code ArrayBlockingQueue}s. Prints {@code
 * ACTORS volley <msgs/s> queue <msgs/s> rtt_us p50 <x> p99 <y>}.
 */
public final class ActorProbe {

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
            Thread.sleep(500);
            long c0 = count(me, a);
            long t0 = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            long c1 = count(me, a);
            double volley = 2.0 * (c1 - c0) / ((System.nanoTime() - t0) / 1e9);
            a.stop();
            b.stop();
            double queue = queueVolley(seconds);
            System.out.printf(
                    "ACTORS volley %.0f queue %.0f ratio %.2f rtt_us p50 %.1f p99 %.1f (count before %d)%n",
                    volley, queue, volley / queue, rtt[rtt.length / 2] / 1e3, rtt[rtt.length * 99 / 100] / 1e3, before);
        }
    }

    private static long count(ActorProcess me, ProcessHandle a) throws InterruptedException {
        me.send(a.processId().toString(), "get", List.of());
        Message m = me.mailbox().receive(x -> x.topic().equals("count"), TimeUnit.SECONDS.toNanos(10));
        return Long.parseLong(((Payload.Json) m.payloads().get(0)).json());
    }

    /** Two platform threads volleying one token over two queues. */
    private static double queueVolley(double seconds) throws InterruptedException {
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
        other.interrupt();
        return rate;
    }
}
