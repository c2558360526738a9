package ai.wippy.wasi.p2.http;

import ai.wippy.wasi.p2.OutputResource;
import ai.wippy.wasi.p2.Pollable;
import ai.wippy.wasi.p2.StreamException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The output stream of an {@code outgoing-body}: what the guest writes queues up (at most
 * {@link #CAPACITY} bytes, then {@code check-write} says 0 until the network takes some) and leaves
 * as the {@link #flux()} an HTTP client or server sends, at the pace it requests chunks. {@link
 * #complete()} ends the flux ({@code outgoing-body.finish}), {@link #abort} fails it (the body was
 * dropped unfinished). When the network side cancels, writes fail.
 */
public final class BodyOutput extends OutputResource {

    static final int CAPACITY = 256 * 1024;

    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long buffered;
    private long demand;
    private boolean completed;
    private Throwable aborted;
    private boolean cancelled;
    private FluxSink<byte[]> sink;
    private CompletableFuture<Void> space = new CompletableFuture<>();

    /** The body, once: chunks in the order written, completed by {@link #complete()}. */
    public Flux<byte[]> flux() {
        return Flux.create(s -> {
            synchronized (this) {
                if (sink != null) {
                    s.error(new IllegalStateException("the body is already being sent"));
                    return;
                }
                sink = s;
            }
            s.onRequest(n -> {
                synchronized (this) {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                    drain();
                }
            });
            s.onCancel(this::cancel);
        });
    }

    private void cancel() {
        CompletableFuture<Void> signal;
        synchronized (this) {
            cancelled = true;
            queue.clear();
            buffered = 0;
            signal = space;
        }
        signal.complete(null);
    }

    /** Emits what the network asked for; called with the lock held. */
    private void drain() {
        if (sink == null) {
            return;
        }
        while (demand > 0 && !queue.isEmpty()) {
            byte[] chunk = queue.poll();
            buffered -= chunk.length;
            demand--;
            sink.next(chunk);
        }
        if (queue.isEmpty()) {
            if (aborted != null) {
                sink.error(aborted);
            } else if (completed) {
                sink.complete();
            }
        }
        if (buffered < CAPACITY) {
            space.complete(null);
        }
    }

    /** The guest finished the body. */
    public synchronized void complete() {
        completed = true;
        drain();
    }

    /** The body ends in error: the peer sees an incomplete message. */
    public synchronized void abort(Throwable reason) {
        if (!completed && aborted == null) {
            aborted = reason;
            queue.clear();
            buffered = 0;
            drain();
        }
    }

    public synchronized boolean isDone() {
        return completed || aborted != null;
    }

    @Override
    public synchronized long checkWrite() throws StreamException {
        check();
        return Math.max(0, CAPACITY - buffered);
    }

    private void check() throws StreamException {
        if (cancelled) {
            throw StreamException.failed(
                    "the peer stopped reading the body",
                    new HttpErrors.HttpError(HttpErrors.code("connection-terminated")));
        }
        if (completed || aborted != null) {
            throw StreamException.closed();
        }
    }

    @Override
    public synchronized void write(byte[] contents) throws StreamException {
        check();
        if (contents.length == 0) {
            return;
        }
        queue.add(contents);
        buffered += contents.length;
        if (buffered >= CAPACITY && space.isDone()) {
            space = new CompletableFuture<>();
        }
        drain();
    }

    @Override
    public synchronized Pollable subscribe() {
        if (buffered < CAPACITY || cancelled || isDone()) {
            return Pollable.readyNow();
        }
        if (space.isDone()) {
            space = new CompletableFuture<>();
        }
        CompletableFuture<Void> signal = space;
        BodyOutput self = this;
        return new Pollable() {
            @Override
            public boolean ready() {
                synchronized (self) {
                    return buffered < CAPACITY || cancelled || isDone();
                }
            }

            @Override
            public CompletableFuture<?> readiness() {
                return signal;
            }
        };
    }
}
