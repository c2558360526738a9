package ai.wippy.wasi.p2;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A pollable ready at a point of the monotonic clock ({@code subscribe-instant},
 * {@code subscribe-duration}). The timer is armed on the JVM's shared delay scheduler only when
 * someone waits, and disarmed when the guest drops the pollable.
 */
public final class TimerPollable implements Pollable {

    private final long deadlineNanos;
    private CompletableFuture<Void> timer;

    /** @param deadlineNanos a value of {@link MonotonicClock#now()} */
    public TimerPollable(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public boolean ready() {
        return MonotonicClock.now() - deadlineNanos >= 0;
    }

    @Override
    public synchronized CompletableFuture<?> readiness() {
        if (timer == null) {
            long remaining = deadlineNanos - MonotonicClock.now();
            if (remaining <= 0) {
                timer = CompletableFuture.completedFuture(null);
            } else {
                timer = new CompletableFuture<>();
                CompletableFuture<Void> armed = timer;
                CompletableFuture.delayedExecutor(remaining, TimeUnit.NANOSECONDS)
                        .execute(() -> armed.complete(null));
            }
        }
        return timer;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
