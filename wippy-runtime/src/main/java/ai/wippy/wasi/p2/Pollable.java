package ai.wippy.wasi.p2;

import ai.wippy.component.host.WitResource;
import java.util.concurrent.CompletableFuture;

/**
 * Something a guest can wait for ({@code wasi:io/poll}'s {@code pollable}): a timer, data on a
 * stream, an HTTP response. Waiting parks the guest's virtual thread on {@link #readiness()}, so a
 * thousand sleeping guests hold no platform thread; an interrupt (cancellation, deadline) ends the
 * wait and stops the guest.
 */
@WitResource("pollable")
public interface Pollable extends AutoCloseable {

    /** True when a wait would return at once. Never blocks. */
    boolean ready();

    /** Completes when {@link #ready()} becomes true (it may already be complete). */
    CompletableFuture<?> readiness();

    /** Waits until ready. */
    default void block() {
        if (!ready()) {
            Waiting.await(readiness());
        }
    }

    @Override
    default void close() {}

    /** A pollable that is always ready. */
    static Pollable readyNow() {
        return FuturePollable.DONE;
    }
}
