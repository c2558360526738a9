package ai.wippy.wasi.p2.http;

import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wasi.p2.FuturePollable;
import ai.wippy.wasi.p2.Pollable;
import java.util.concurrent.CompletableFuture;

/**
 * The host object behind {@code future-incoming-response}: completed on a Netty thread when the
 * response head arrives (or the exchange fails); the guest waits on its pollable. Dropping it before
 * the response arrives cancels the exchange.
 */
final class FutureIncomingResponse implements AutoCloseable {

    private final CompletableFuture<Object> outcome = new CompletableFuture<>();
    private volatile Runnable cancel = () -> {};
    private boolean taken;

    void succeed(IncomingResponse response) {
        if (!outcome.complete(response)) {
            response.close();
        }
    }

    void fail(VariantValue code) {
        outcome.complete(code);
    }

    /** The response head or the error code, once known. */
    CompletableFuture<Object> outcome() {
        return outcome;
    }

    boolean isDone() {
        return outcome.isDone();
    }

    void onCancel(Runnable action) {
        cancel = action;
    }

    Pollable subscribe() {
        return new FuturePollable(outcome);
    }

    /** {@code option<result<result<incoming-response, error-code>>>}. */
    synchronized Object get() {
        if (!outcome.isDone()) {
            return null;
        }
        if (taken) {
            return ResultValue.err(null);
        }
        taken = true;
        Object value = outcome.join();
        if (value instanceof IncomingResponse r) {
            return ResultValue.ok(ResultValue.ok(r)); // the typed host makes it a handle
        }
        return ResultValue.ok(ResultValue.err(value));
    }

    @Override
    public synchronized void close() {
        if (!outcome.isDone()) {
            outcome.complete(HttpErrors.internal("the request was cancelled"));
            cancel.run();
        } else if (!taken && outcome.join() instanceof IncomingResponse r) {
            r.close();
        }
    }
}
