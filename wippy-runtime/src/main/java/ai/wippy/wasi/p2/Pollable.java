package ai.wippy.wasi.p2;

import ai.wippy.component.host.WitResource;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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

    /**
     * A pollable ready while {@code ready} holds (asked on every check, so it sees the state as it is
     * then), waiting on the signal {@code readiness} gives.
     */
    static Pollable when(BooleanSupplier ready, Supplier<CompletableFuture<?>> readiness) {
        return new Pollable() {
            @Override
            public boolean ready() {
                return ready.getAsBoolean();
            }

            @Override
            public CompletableFuture<?> readiness() {
                return readiness.get();
            }
        };
    }

    /** A pollable that is always ready. */
    static Pollable readyNow() {
        return FuturePollable.DONE;
    }
}
