package ai.wippy.process;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code process.host} entry. Processes spawned on it ({@link ProcessHost#spawnOn}) run on its own
 * worker class of {@code workers} platform threads, named after the entry. A process keeps its worker
 * while it waits (Wippy's scheduler parks it instead), so {@code workers} is the number of processes
 * that run at once; up to {@code queueSize} more wait for a worker, and at most {@code maxProcesses}
 * are alive; a spawn beyond either is refused. {@code localQueueSize} is checked and kept, with no
 * effect (there are no per-worker queues here). {@code running} counts the processes alive on it
 * ({@link #alive}).
 */
public record ProcessHostEntry(
        String id,
        int workers,
        int queueSize,
        int localQueueSize,
        int maxProcesses,
        boolean autoStart,
        AtomicInteger running) {

    ProcessHostEntry(String id, int workers, int queueSize, int localQueueSize, int maxProcesses, boolean autoStart) {
        this(id, workers, queueSize, localQueueSize, maxProcesses, autoStart, new AtomicInteger());
    }

    /** The dispatcher's worker class this host's processes run on. */
    public String workerClass() {
        return "process.host:" + id;
    }

    /** Processes spawned on this host that have not exited yet. */
    public int alive() {
        return running.get();
    }

    /** Admits one more process, or answers why not. */
    String admit() {
        while (true) {
            int now = running.get();
            if (now >= maxProcesses) {
                return "process host " + id + " already runs its max_processes of " + maxProcesses;
            }
            if (now >= (long) workers + queueSize) {
                return "process host " + id + " is full: " + workers + " processes running and " + queueSize
                        + " waiting for a worker (host.queue_size)";
            }
            if (running.compareAndSet(now, now + 1)) {
                return null;
            }
        }
    }

    void exited() {
        running.decrementAndGet();
    }
}
