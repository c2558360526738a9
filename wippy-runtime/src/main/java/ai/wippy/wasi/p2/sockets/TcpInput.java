package ai.wippy.wasi.p2.sockets;

import ai.wippy.wasi.p2.BufferedInput;
import ai.wippy.wasi.p2.IoBudget;
import ai.wippy.wasi.p2.StreamException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.Arrays;

/**
 * The {@code input-stream} of a connected TCP socket: asynchronous reads on the channel feed the
 * buffer, one at a time, and pause while 1 MiB waits unread. End of stream (the peer closed, or
 * {@code shutdown(receive)}) ends the stream; a failed read ends it with an error whose cause is
 * the socket {@link ErrorCode}.
 *
 * <p>What is read ahead counts against the instance's {@link IoBudget}: a read asks for at most
 * what the budget leaves for read-ahead (at most half of it) and waits while none is; bytes go back as the guest reads them or drops
 * the stream. A read that waits longer than the budget's timeout for data fails the stream with
 * {@code timeout}.
 */
final class TcpInput extends BufferedInput {

    private static final int CHUNK = 64 * 1024;
    private static final long HIGH_WATER = 1 << 20;

    private final AsynchronousSocketChannel channel;
    private final IoBudget budget;
    private volatile boolean shutDown;
    // bytes offered and not yet read, held from the budget (guarded by this)
    private long held;

    TcpInput(AsynchronousSocketChannel channel, IoBudget budget) {
        this.channel = channel;
        this.budget = budget;
    }

    @Override
    public byte[] read(int len) throws StreamException {
        byte[] out = super.read(len);
        synchronized (this) {
            held -= out.length;
        }
        budget.consumed(out.length);
        return out;
    }

    @Override
    protected void onClose() {
        long back;
        synchronized (this) {
            back = held;
            held = 0;
        }
        budget.consumed(back);
    }

    /** Starts reading. */
    void start() {
        readNext();
    }

    /** {@code shutdown(receive)}: what is buffered stays readable, then the stream ends. */
    void shutdown() {
        shutDown = true;
        finish();
    }

    private void readNext() {
        spaceBelow(HIGH_WATER).thenCompose(v -> budget.readSpace()).thenRun(() -> {
            if (isClosed() || shutDown || !channel.isOpen()) {
                return;
            }
            long room = Math.min(CHUNK, budget.readRoom());
            if (room == 0) {
                readNext();
                return;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) room);
            ChannelTransfer.run(channel::read, buffer, budget, "TCP read", n -> received(buffer, n), this::failWith);
        });
    }

    /** What one read brought: {@code n} bytes of {@code buffer}, or the end of the stream. */
    private void received(ByteBuffer buffer, int n) {
        if (n < 0) {
            finish();
            return;
        }
        synchronized (this) {
            if (!isClosed()) {
                offer(Arrays.copyOf(buffer.array(), n));
                held += n;
                budget.received(n);
            }
        }
        readNext();
    }

    private void failWith(Throwable t) {
        if (shutDown) {
            finish();
            return;
        }
        ErrorCode code = ErrorCode.of(t);
        fail("read failed: " + code.witName() + " (" + t.getMessage() + ")", code);
    }
}
