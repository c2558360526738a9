package ai.wippy.wasi.p2.http;

import ai.wippy.wasi.p2.BufferedInput;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * Feeds a network body into a {@link BufferedInput} the guest reads, one chunk at a time: the next
 * chunk is requested only once fewer than {@link #HIGH_WATER} bytes wait for the guest, so a slow
 * guest slows the peer down instead of filling memory. The subscription ends when the guest drops
 * the stream.
 */
public final class BodyFeed extends BaseSubscriber<byte[]> {

    static final long HIGH_WATER = 256 * 1024;

    private final BufferedInput target;
    private final Consumer<Throwable> onError;

    private BodyFeed(BufferedInput target, Consumer<Throwable> onError) {
        this.target = target;
        this.onError = onError;
    }

    /**
     * Starts feeding {@code source} into {@code target}; {@code onError} decides what a failure
     * means (by default the stream fails with the matching {@code error-code}).
     */
    public static BodyFeed start(Publisher<byte[]> source, BufferedInput target, Consumer<Throwable> onError) {
        BodyFeed feed = new BodyFeed(target, onError);
        source.subscribe(feed);
        return feed;
    }

    /** Fails the stream with the error code of {@code failure}. */
    public static void failStream(BufferedInput target, Throwable failure) {
        target.fail("the body failed: " + failure.getMessage(), new HttpErrors.HttpError(HttpErrors.of(failure)));
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        subscription.request(1);
    }

    @Override
    protected void hookOnNext(byte[] chunk) {
        if (target.isClosed()) {
            dispose();
            return;
        }
        target.offer(chunk);
        target.spaceBelow(HIGH_WATER).thenRun(() -> {
            if (target.isClosed()) {
                dispose();
            } else {
                request(1);
            }
        });
    }

    @Override
    protected void hookOnComplete() {
        target.finish();
    }

    @Override
    protected void hookOnError(Throwable failure) {
        if (onError != null) {
            onError.accept(failure);
        } else {
            failStream(target, failure);
        }
    }
}
