package ai.wippy.wasi.p2;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * An input stream fed by a producer (an HTTP body, a socket, a pump over a Java stream): chunks
 * queue up until the guest reads them; {@link #finish()} marks the end, {@link #fail} an error.
 * Readiness is a future completed by the next offer, end or failure. A producer that wants
 * back-pressure waits on {@link #spaceBelow(long)}.
 */
public class BufferedInput extends InputResource {

    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int headOffset;
    private long buffered;
    private boolean finished;
    private StreamException failure;
    private boolean closed;
    private CompletableFuture<Void> dataSignal = new CompletableFuture<>();
    private CompletableFuture<Void> spaceSignal = new CompletableFuture<>();
    private long spaceWanted = Long.MAX_VALUE;

    /** A stream holding exactly {@code bytes}, then its end. */
    public static BufferedInput of(byte[] bytes) {
        BufferedInput in = new BufferedInput();
        in.offer(bytes);
        in.finish();
        return in;
    }

    /** Adds data for the guest to read; ignored once the guest has closed the stream. */
    public void offer(byte[] chunk) {
        CompletableFuture<Void> signal;
        synchronized (this) {
            if (closed || finished || chunk.length == 0) {
                return;
            }
            chunks.add(chunk);
            buffered += chunk.length;
            signal = dataSignal;
        }
        signal.complete(null);
    }

    /** Marks the end of the data. */
    public void finish() {
        CompletableFuture<Void> signal;
        synchronized (this) {
            finished = true;
            signal = dataSignal;
        }
        signal.complete(null);
    }

    /** Ends the stream with an error the guest sees on its next read (after the data already queued). */
    public void fail(String message, Object cause) {
        CompletableFuture<Void> signal;
        synchronized (this) {
            if (failure == null) {
                failure = StreamException.failed(message, cause);
            }
            finished = true;
            signal = dataSignal;
        }
        signal.complete(null);
    }

    /** True once the guest dropped the stream: producers stop. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Completes when fewer than {@code limit} bytes are buffered (or the guest closed the stream). */
    public synchronized CompletableFuture<Void> spaceBelow(long limit) {
        if (buffered < limit || closed) {
            return CompletableFuture.completedFuture(null);
        }
        if (spaceSignal.isDone()) {
            spaceSignal = new CompletableFuture<>();
        }
        spaceWanted = limit;
        return spaceSignal;
    }

    @Override
    public byte[] read(int len) throws StreamException {
        CompletableFuture<Void> space = null;
        byte[] out;
        synchronized (this) {
            if (closed) {
                throw StreamException.closed();
            }
            if (chunks.isEmpty()) {
                if (failure != null) {
                    throw failure;
                }
                if (finished) {
                    throw StreamException.closed();
                }
                return new byte[0];
            }
            out = take(len);
            if (buffered < spaceWanted) {
                space = spaceSignal;
                spaceWanted = Long.MAX_VALUE;
            }
        }
        if (space != null) {
            space.complete(null);
        }
        return out;
    }

    private byte[] take(int len) {
        int n = (int) Math.min(len, buffered);
        byte[] out = new byte[n];
        int filled = 0;
        while (filled < n) {
            byte[] head = chunks.peek();
            int take = Math.min(n - filled, head.length - headOffset);
            System.arraycopy(head, headOffset, out, filled, take);
            filled += take;
            headOffset += take;
            if (headOffset == head.length) {
                chunks.poll();
                headOffset = 0;
            }
        }
        buffered -= n;
        return out;
    }

    @Override
    public synchronized Pollable subscribe() {
        if (hasData()) {
            return Pollable.readyNow();
        }
        if (dataSignal.isDone()) {
            dataSignal = new CompletableFuture<>();
        }
        CompletableFuture<Void> signal = dataSignal;
        return Pollable.when(this::hasData, () -> signal);
    }

    private synchronized boolean hasData() {
        return !chunks.isEmpty() || finished || closed;
    }

    @Override
    public void close() {
        CompletableFuture<Void> space;
        synchronized (this) {
            closed = true;
            chunks.clear();
            buffered = 0;
            space = spaceSignal;
        }
        space.complete(null);
        onClose();
    }

    /** Called once the guest drops the stream: a producer releases what it holds. */
    protected void onClose() {}
}
