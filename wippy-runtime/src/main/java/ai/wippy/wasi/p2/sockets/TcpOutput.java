package ai.wippy.wasi.p2.sockets;

import ai.wippy.wasi.p2.IoBudget;
import ai.wippy.wasi.p2.OutputResource;
import ai.wippy.wasi.p2.Pollable;
import ai.wippy.wasi.p2.StreamException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.ArrayDeque;

/**
 * The {@code output-stream} of a connected TCP socket. {@code check-write} grants up to 64 KiB not
 * yet handed to the channel; writes queue up and go out through asynchronous channel writes, one
 * at a time; the budget frees (and {@code subscribe} becomes ready) as they complete. After
 * {@code flush} the budget is 0 until everything queued is written. A failed write fails the
 * stream with the socket {@link ErrorCode} as its error's cause.
 *
 * <p>What is queued counts against the instance's {@link IoBudget}: {@code check-write} grants no
 * more than the budget has left, a write beyond it is refused ({@code last-operation-failed} with
 * {@code out-of-memory}, nothing queued), and a channel write waiting longer than the budget's
 * timeout fails the stream with {@code timeout}.
 */
final class TcpOutput extends OutputResource {

    static final long BUDGET = 64 * 1024;

    private final AsynchronousSocketChannel channel;
    private final IoBudget budget;
    private final Readiness space = new Readiness();
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private long queued;
    private boolean writing;
    private boolean flushing;
    private boolean shutdownPending;
    private boolean closed;
    private StreamException failure;

    TcpOutput(AsynchronousSocketChannel channel, IoBudget budget) {
        this.channel = channel;
        this.budget = budget;
    }

    @Override
    public synchronized long checkWrite() throws StreamException {
        problem();
        if (flushing && queued > 0) {
            return 0;
        }
        return Math.max(0, Math.min(BUDGET - queued, budget.available()));
    }

    @Override
    public void write(byte[] contents) throws StreamException {
        synchronized (this) {
            problem();
            if (contents.length == 0) {
                return;
            }
            budget.reserveWrite(contents.length, "a TCP write", ErrorCode.OUT_OF_MEMORY);
            queue.add(ByteBuffer.wrap(contents));
            queued += contents.length;
            if (writing) {
                return;
            }
            writing = true;
        }
        writeHead();
    }

    @Override
    public synchronized void flush() throws StreamException {
        problem();
        flushing = queued > 0;
    }

    /** Ready when a write is permitted: the stream's own room, and the instance's buffer budget. */
    @Override
    public Pollable subscribe() {
        Pollable own = space.pollable(this::writable);
        return new Pollable() {
            @Override
            public boolean ready() {
                return writable();
            }

            @Override
            public java.util.concurrent.CompletableFuture<?> readiness() {
                // waiting on the budget (another stream holds it) or on this stream's own writes
                return budget.available() > 0
                        ? own.readiness()
                        : java.util.concurrent.CompletableFuture.anyOf(own.readiness(), budget.space());
            }
        };
    }

    private synchronized boolean writable() {
        return failure != null || closed || (!(flushing && queued > 0) && queued < BUDGET && budget.available() > 0);
    }

    /** {@code shutdown(send)}: what is queued still goes out, then the sending side closes. */
    void shutdown() {
        boolean now;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            shutdownPending = writing;
            now = !writing;
        }
        if (now) {
            shutdownOutput();
        }
        space.fire();
    }

    private void shutdownOutput() {
        try {
            if (channel.isOpen()) {
                channel.shutdownOutput();
            }
        } catch (IOException ignored) {
            // the connection is already gone; the peer sees its end either way
        }
    }

    private void problem() throws StreamException {
        if (failure != null) {
            StreamException f = failure;
            failure = StreamException.closed();
            throw f;
        }
        if (closed) {
            throw StreamException.closed();
        }
    }

    private void writeHead() {
        ByteBuffer head;
        synchronized (this) {
            head = queue.peek();
        }
        ChannelTransfer.run(channel::write, head, budget, "TCP write", n -> written(head, n), this::failWith);
    }

    private void written(ByteBuffer head, int n) {
        boolean more;
        boolean shutdownNow = false;
        budget.release(n);
        synchronized (this) {
            queued -= n;
            if (!head.hasRemaining()) {
                queue.poll();
            }
            more = !queue.isEmpty();
            if (!more) {
                writing = false;
                flushing = false;
                shutdownNow = shutdownPending;
                shutdownPending = false;
            }
        }
        space.fire();
        if (more) {
            writeHead();
        } else if (shutdownNow) {
            shutdownOutput();
        }
    }

    private void failWith(Throwable t) {
        ErrorCode code = ErrorCode.of(t);
        synchronized (this) {
            if (failure == null && !closed) {
                failure = StreamException.failed("write failed: " + code.witName() + " (" + t.getMessage() + ")", code);
            }
            queue.clear();
            budget.release(queued);
            queued = 0;
            writing = false;
            flushing = false;
        }
        space.fire();
    }
}
