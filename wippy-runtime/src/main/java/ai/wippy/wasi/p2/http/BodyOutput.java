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
 *
 * <p>What waits to be sent counts against the instance's {@link ai.wippy.wasi.p2.IoBudget} (an
 * outgoing request's body in a process): {@code check-write} grants no more than it has left, a
 * write beyond that is refused ({@code HTTP-request-body-size}) and nothing of it is queued.
 */
public final class BodyOutput extends OutputResource {

    /** The error of a write the host buffer refuses (an immutable value: one serves every refusal). */
    private static final HttpErrors.HttpError BODY_SIZE_REFUSED =
            new HttpErrors.HttpError(HttpErrors.code("HTTP-request-body-size"));

    static final int CAPACITY = 256 * 1024;

    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long buffered;
    private long demand;
    private boolean completed;
    private Throwable aborted;
    private boolean cancelled;
    private FluxSink<byte[]> sink;
    private boolean terminated;
    private int draining;
    private CompletableFuture<Void> space = new CompletableFuture<>();
    private Runnable onFinish;
    /** The instance's budget, or null for a body counted against none (a server's response). */
    private final ai.wippy.wasi.p2.IoBudget budget;

    /** A body counted against no budget: nothing to reserve or release per write. */
    public BodyOutput() {
        this(null);
    }

    /** A body counted against {@code budget} (null: none). */
    public BodyOutput(ai.wippy.wasi.p2.IoBudget budget) {
        this.budget = budget;
    }

    private void release(long bytes) {
        if (budget != null) {
            budget.release(bytes);
        }
    }

    private long budgetLeft() {
        return budget == null ? Long.MAX_VALUE : budget.available();
    }

    /** The body, once: chunks in the order written, completed by {@link #complete()}. */
    public Flux<byte[]> flux() {
        return Flux.create(s -> {
            synchronized (this) {
                if (sink != null || terminated) {
                    s.error(new IllegalStateException("the body is already being sent"));
                    return;
                }
                sink = s;
            }
            s.onRequest(n -> {
                synchronized (this) {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                }
                drain();
            });
            s.onCancel(this::cancel);
        });
    }

    private void cancel() {
        CompletableFuture<Void> signal;
        long dropped;
        synchronized (this) {
            cancelled = true;
            queue.clear();
            dropped = buffered;
            buffered = 0;
            signal = space;
        }
        release(dropped);
        signal.complete(null);
    }

    /**
     * Emits what the network asked for. Never called with the lock held: the sink's subscriber
     * takes its own locks and calls back into {@code request}, so emitting under this object's lock
     * could deadlock with a Netty thread. One thread drains at a time (the others leave a mark and
     * the draining thread loops), which keeps the chunks in order.
     */
    private void drain() {
        synchronized (this) {
            if (draining++ > 0) {
                return;
            }
        }
        while (true) {
            java.util.List<byte[]> batch = new java.util.ArrayList<>();
            boolean finish = false;
            Throwable failure = null;
            CompletableFuture<Void> freed = null;
            FluxSink<byte[]> target;
            synchronized (this) {
                target = sink;
                if (target != null && !terminated) {
                    while (demand > 0 && !queue.isEmpty()) {
                        byte[] chunk = queue.poll();
                        buffered -= chunk.length;
                        demand--;
                        batch.add(chunk);
                    }
                    if (queue.isEmpty() && (aborted != null || completed)) {
                        terminated = true;
                        failure = aborted;
                        finish = aborted == null;
                    }
                }
                if (buffered < CAPACITY) {
                    freed = space;
                }
            }
            long sent = 0;
            for (byte[] chunk : batch) {
                sent += chunk.length;
            }
            release(sent);
            for (byte[] chunk : batch) {
                target.next(chunk);
            }
            if (failure != null) {
                target.error(failure);
            } else if (finish) {
                target.complete();
            }
            if (freed != null) {
                freed.complete(null);
            }
            synchronized (this) {
                if (draining > 1) {
                    draining = 1;
                    continue;
                }
                draining = 0;
                return;
            }
        }
    }

    /** The guest finished the body. */
    public void complete() {
        Runnable listener;
        synchronized (this) {
            completed = true;
            listener = onFinish;
            onFinish = null;
        }
        drain();
        if (listener != null) {
            listener.run();
        }
    }

    /**
     * Runs {@code listener} once the guest finishes the body (at once when it already has): a server
     * that has not sent the response yet can then send the whole body in one write ({@link
     * #takeWhole()}). Not run for a body that ends in error.
     */
    public void onFinish(Runnable listener) {
        synchronized (this) {
            if (!completed) {
                onFinish = listener;
                return;
            }
        }
        listener.run();
    }

    /**
     * The whole body as one array when the guest finished it and nobody has subscribed to {@link
     * #flux()} yet; the body is then taken (the flux can no longer be subscribed). Null otherwise: a
     * body still being written, already streaming, or aborted leaves as the flux.
     */
    public byte[] takeWhole() {
        byte[] whole;
        synchronized (this) {
            if (!completed || aborted != null || sink != null || terminated) {
                return null;
            }
            terminated = true;
            whole = buffered == 0 ? new byte[0] : queue.size() == 1 ? queue.peek() : new byte[(int) buffered];
            if (queue.size() > 1) {
                int at = 0;
                for (byte[] chunk : queue) {
                    System.arraycopy(chunk, 0, whole, at, chunk.length);
                    at += chunk.length;
                }
            }
            queue.clear();
            buffered = 0;
        }
        release(whole.length);
        return whole;
    }

    /** The body ends in error: the peer sees an incomplete message. */
    public void abort(Throwable reason) {
        long dropped;
        synchronized (this) {
            if (completed || aborted != null) {
                return;
            }
            aborted = reason;
            queue.clear();
            dropped = buffered;
            buffered = 0;
        }
        release(dropped);
        drain();
    }

    public synchronized boolean isDone() {
        return completed || aborted != null;
    }

    @Override
    public synchronized long checkWrite() throws StreamException {
        check();
        return Math.max(0, Math.min(CAPACITY - buffered, budgetLeft()));
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
    public void write(byte[] contents) throws StreamException {
        synchronized (this) {
            check();
            if (contents.length == 0) {
                return;
            }
            if (budget != null) {
                budget.reserveWrite(contents.length, "an HTTP body write", BODY_SIZE_REFUSED);
            }
            queue.add(contents);
            buffered += contents.length;
            if (buffered >= CAPACITY && space.isDone()) {
                space = new CompletableFuture<>();
            }
        }
        drain();
    }

    @Override
    public synchronized Pollable subscribe() {
        if (writable()) {
            return Pollable.readyNow();
        }
        if (space.isDone()) {
            space = new CompletableFuture<>();
        }
        CompletableFuture<Void> signal = space;
        // waiting for the network to take some, or for the instance's buffer budget
        return Pollable.when(
                this::writable, () -> budgetLeft() > 0 ? signal : CompletableFuture.anyOf(signal, budget.space()));
    }

    private synchronized boolean writable() {
        return cancelled || isDone() || (buffered < CAPACITY && budgetLeft() > 0);
    }
}
