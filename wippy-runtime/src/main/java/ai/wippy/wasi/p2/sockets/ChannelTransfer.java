package ai.wippy.wasi.p2.sockets;

import ai.wippy.wasi.p2.IoBudget;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.InterruptedByTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * One read or write of a TCP channel ({@link AsynchronousSocketChannel#read} or {@code write} with a
 * timeout), bounded by the instance's {@link IoBudget#timeout()}; a transfer that times out counts
 * against the budget. Without a timeout the channel waits as long as it takes (a timeout of 0).
 */
@FunctionalInterface
interface ChannelTransfer {

    void start(ByteBuffer buffer, long timeout, TimeUnit unit, Void attachment, CompletionHandler<Integer, Void> h);

    /**
     * Starts the transfer of {@code buffer}: {@code done} gets the bytes moved (-1 at the end of the
     * stream), {@code failed} what went wrong, also when the transfer cannot start.
     */
    static void run(
            ChannelTransfer transfer,
            ByteBuffer buffer,
            IoBudget budget,
            String what,
            IntConsumer done,
            Consumer<Throwable> failed) {
        CompletionHandler<Integer, Void> handler = new CompletionHandler<>() {
            @Override
            public void completed(Integer n, Void attachment) {
                done.accept(n);
            }

            @Override
            public void failed(Throwable t, Void attachment) {
                if (t instanceof InterruptedByTimeoutException) {
                    budget.timedOut(what);
                }
                failed.accept(t);
            }
        };
        Duration timeout = budget.timeout();
        try {
            transfer.start(buffer, timeout == null ? 0L : timeout.toNanos(), TimeUnit.NANOSECONDS, null, handler);
        } catch (RuntimeException e) {
            failed.accept(e);
        }
    }
}
