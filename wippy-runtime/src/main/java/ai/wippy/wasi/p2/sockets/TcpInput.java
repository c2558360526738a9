package ai.wippy.wasi.p2.sockets;

import ai.wippy.wasi.p2.BufferedInput;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.Arrays;

/**
 * The {@code input-stream} of a connected TCP socket: asynchronous reads on the channel feed the
 * buffer, one at a time, and pause while 1 MiB waits unread. End of stream (the peer closed, or
 * {@code shutdown(receive)}) ends the stream; a failed read ends it with an error whose cause is
 * the socket {@link ErrorCode}.
 */
final class TcpInput extends BufferedInput {

    private static final int CHUNK = 64 * 1024;
    private static final long HIGH_WATER = 1 << 20;

    private final AsynchronousSocketChannel channel;
    private volatile boolean shutDown;

    TcpInput(AsynchronousSocketChannel channel) {
        this.channel = channel;
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
        spaceBelow(HIGH_WATER).thenRun(() -> {
            if (isClosed() || shutDown || !channel.isOpen()) {
                return;
            }
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            try {
                channel.read(buffer, null, new CompletionHandler<Integer, Void>() {
                    @Override
                    public void completed(Integer n, Void attachment) {
                        if (n < 0) {
                            finish();
                            return;
                        }
                        offer(Arrays.copyOf(buffer.array(), n));
                        readNext();
                    }

                    @Override
                    public void failed(Throwable t, Void attachment) {
                        failWith(t);
                    }
                });
            } catch (RuntimeException e) {
                failWith(e);
            }
        });
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
