package ai.wippy.wasi.p2.http;

import ai.wippy.value.VariantValue;
import ai.wippy.wasi.p2.BufferedInput;
import java.util.concurrent.CompletableFuture;

/**
 * An incoming HTTP body as a guest input stream: a {@link BufferedInput} that also tells when the
 * message ended ({@link #end()}: null for a complete body, the error code of a broken one), which is
 * what {@code future-trailers} waits for, and that stops its producer when the guest drops it.
 */
public final class BodyInput extends BufferedInput {

    private final CompletableFuture<VariantValue> end = new CompletableFuture<>();
    private volatile Runnable onClose = () -> {};

    /** A body already complete. */
    public static BodyInput complete(byte[] bytes) {
        BodyInput in = new BodyInput();
        in.offer(bytes);
        in.finish();
        return in;
    }

    /** What stops the producer (disposes a network subscription) when the guest drops the body. */
    public void onClose(Runnable action) {
        this.onClose = action;
        if (isClosed()) {
            action.run();
        }
    }

    /** Completes with null at the end of a whole body, or with the error code of a failed one. */
    CompletableFuture<VariantValue> end() {
        return end;
    }

    @Override
    public void finish() {
        super.finish();
        end.complete(null);
    }

    @Override
    public void fail(String message, Object cause) {
        super.fail(message, cause);
        end.complete(cause instanceof HttpErrors.HttpError e ? e.code() : HttpErrors.internal(message));
    }

    @Override
    protected void onClose() {
        end.complete(null);
        onClose.run();
    }
}
