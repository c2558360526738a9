package ai.wippy.wasi.p2.sockets;

import ai.wippy.wasi.p2.Pollable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * A condition that host threads change (a connection arrived, a datagram came in, write space
 * freed) and guests wait for: {@link #fire()} after every change, {@link #pollable} for the guest.
 * A pollable asks for a fresh future each time it is waited on and re-checks the condition after
 * taking it, so no change is lost and a pollable waited on repeatedly never spins.
 */
final class Readiness {

    private CompletableFuture<Void> future = new CompletableFuture<>();

    private synchronized CompletableFuture<Void> pending() {
        if (future.isDone()) {
            future = new CompletableFuture<>();
        }
        return future;
    }

    /** Wakes whoever waits: call after the condition may have changed. */
    void fire() {
        CompletableFuture<Void> f;
        synchronized (this) {
            f = future;
        }
        f.complete(null);
    }

    /** A pollable ready while {@code condition} holds. */
    Pollable pollable(BooleanSupplier condition) {
        return Pollable.when(condition, () -> {
            CompletableFuture<Void> f = pending();
            return condition.getAsBoolean() ? CompletableFuture.completedFuture(null) : f;
        });
    }
}
