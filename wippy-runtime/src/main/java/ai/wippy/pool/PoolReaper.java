package ai.wippy.pool;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** One daemon thread that reclaims idle instances of every elastic pool. */
final class PoolReaper {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wippy-pool-reaper");
        t.setDaemon(true);
        return t;
    });

    /** A clock that ticks every few milliseconds: idle times need no better, and reading it is free. */
    private static volatile long coarseNanos = System.nanoTime();

    static {
        TIMER.scheduleAtFixedRate(() -> coarseNanos = System.nanoTime(), 10, 10, TimeUnit.MILLISECONDS);
    }

    private PoolReaper() {}

    static long coarseNanos() {
        return coarseNanos;
    }

    static ScheduledFuture<?> schedule(InstancePool<?> pool, Duration idleTimeout) {
        long period = Math.clamp(idleTimeout.toMillis() / 2, 10L, 1000L);
        return TIMER.scheduleWithFixedDelay(
                () -> {
                    try {
                        pool.reclaimIdle();
                    } catch (RuntimeException ignored) {
                        // Reclaiming is best effort; the next tick tries again.
                    }
                },
                period,
                period,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code step} every 10 ms until it returns true: a closed pool's last look at an instance a
     * call gives back while the pool closes.
     */
    static void untilEmpty(java.util.function.BooleanSupplier step) {
        TIMER.schedule(
                () -> {
                    boolean done;
                    try {
                        done = step.getAsBoolean();
                    } catch (RuntimeException e) {
                        done = true; // nothing left to do right
                    }
                    if (!done) {
                        untilEmpty(step);
                    }
                },
                10,
                TimeUnit.MILLISECONDS);
    }
}
