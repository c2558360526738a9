package ai.wippy.process;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code process.host} entry. Processes spawned on it ({@link ProcessHost#spawnOn}) run on its own
 * worker class of {@code workers} platform threads, named after the entry. A process keeps its worker
 * while it waits (Wippy's scheduler parks it instead), so {@code workers} is the number of processes
 * that run at once; up to {@code queueSize} more wait for a worker, and at most {@code maxProcesses}
 * are alive; a spawn beyond either is refused. {@code localQueueSize} is checked and kept, with no
 * effect (there are no per-worker queues here).
 */
public final class ProcessHostEntry {

    private final String id;
    private final int workers;
    private final int queueSize;
    private final int localQueueSize;
    private final int maxProcesses;
    private final boolean autoStart;
    private final AtomicInteger alive = new AtomicInteger();

    ProcessHostEntry(String id, int workers, int queueSize, int localQueueSize, int maxProcesses, boolean autoStart) {
        this.id = id;
        this.workers = workers;
        this.queueSize = queueSize;
        this.localQueueSize = localQueueSize;
        this.maxProcesses = maxProcesses;
        this.autoStart = autoStart;
    }

    public String id() {
        return id;
    }

    public int workers() {
        return workers;
    }

    public int queueSize() {
        return queueSize;
    }

    public int localQueueSize() {
        return localQueueSize;
    }

    public int maxProcesses() {
        return maxProcesses;
    }

    public boolean autoStart() {
        return autoStart;
    }

    /** The dispatcher's worker class this host's processes run on. */
    public String workerClass() {
        return "process.host:" + id;
    }

    /** Processes spawned on this host that have not exited yet. */
    public int alive() {
        return alive.get();
    }

    /** Admits one more process, or answers why not. */
    String admit() {
        while (true) {
            int now = alive.get();
            if (now >= maxProcesses) {
                return "process host " + id + " already runs its max_processes of " + maxProcesses;
            }
            if (now >= (long) workers + queueSize) {
                return "process host " + id + " is full: " + workers + " processes running and " + queueSize
                        + " waiting for a worker (host.queue_size)";
            }
            if (alive.compareAndSet(now, now + 1)) {
                return null;
            }
        }
    }

    void exited() {
        alive.decrementAndGet();
    }
}
