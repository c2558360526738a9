package ai.wippy.wasi.p2;

import java.util.concurrent.CompletableFuture;

/** A pollable that is ready when a future completes (normally or not). */
public final class FuturePollable implements Pollable {

    static final FuturePollable DONE = new FuturePollable(CompletableFuture.completedFuture(null));

    private final CompletableFuture<?> future;

    public FuturePollable(CompletableFuture<?> future) {
        this.future = future;
    }

    @Override
    public boolean ready() {
        return future.isDone();
    }

    @Override
    public CompletableFuture<?> readiness() {
        return future;
    }
}
