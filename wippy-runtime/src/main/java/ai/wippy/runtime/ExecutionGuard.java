package ai.wippy.runtime;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.value.ValueShapeException;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasm.ChicoryException;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Enforces deadlines by interrupting the thread that runs a guest (Chicory and LuaJ's hook both
 * honour interrupts), and turns whatever a guest run throws into a {@link WippyException} of the
 * right kind.
 */
final class ExecutionGuard {

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int FIRED = 2;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wippy-deadlines");
        t.setDaemon(true);
        return t;
    });

    private ExecutionGuard() {}

    /**
     * Runs {@code body} under the deadline; {@code limit} names the limit that set it ({@link
     * ai.wippy.call.CallContext#deadlineLimit()}), so that a TIMEOUT says which one was exceeded.
     */
    static <T> T run(String functionId, long deadlineNanos, String limit, Callable<T> body) throws WippyException {
        if (deadlineNanos != 0L && deadlineNanos - System.nanoTime() <= 0) {
            throw new WippyException(
                    ErrorKind.TIMEOUT,
                    functionId,
                    "the deadline (" + limitText(limit) + ") passed before the call started");
        }
        AtomicInteger state = null;
        ScheduledFuture<?> alarm = null;
        if (deadlineNanos != 0L) {
            Thread runner = Thread.currentThread();
            AtomicInteger s = new AtomicInteger(RUNNING);
            state = s;
            alarm = TIMER.schedule(
                    () -> {
                        if (s.compareAndSet(RUNNING, FIRED)) {
                            runner.interrupt();
                        }
                    },
                    deadlineNanos - System.nanoTime(),
                    TimeUnit.NANOSECONDS);
        }
        try {
            return body.call();
        } catch (Throwable t) {
            throw translate(functionId, t, deadlineNanos, limit);
        } finally {
            if (state != null && !state.compareAndSet(RUNNING, DONE)) {
                Thread.interrupted(); // our own alarm's interrupt must not leak to the caller
            }
            if (alarm != null) {
                alarm.cancel(false);
            }
        }
    }

    static WippyException translate(String functionId, Throwable t, long deadlineNanos, String limit) {
        if (t instanceof WippyException w) {
            if (w.kind() == ErrorKind.CANCELED && deadlineNanos != 0L && deadlineNanos - System.nanoTime() <= 0) {
                return new WippyException(ErrorKind.TIMEOUT, functionId, "execution exceeded " + limitText(limit), w);
            }
            return w;
        }
        if (isInterruption(t)) {
            if (deadlineNanos != 0L && deadlineNanos - System.nanoTime() <= 0) {
                return new WippyException(
                        ErrorKind.TIMEOUT,
                        functionId,
                        "execution exceeded " + limitText(limit) + " and was stopped",
                        t);
            }
            return new WippyException(
                    ErrorKind.CANCELED, functionId, "the call was cancelled and the guest stopped", t);
        }
        if (t instanceof StackOverflowError) {
            return new WippyException(ErrorKind.TRAPPED, functionId, "guest trapped: call stack exhausted", t);
        }
        if (t instanceof OutOfMemoryError) {
            return new WippyException(ErrorKind.TRAPPED, functionId, "guest trapped: out of memory", t);
        }
        if (t instanceof ChicoryException) {
            return new WippyException(ErrorKind.TRAPPED, functionId, "guest trapped: " + t.getMessage(), t);
        }
        if (t instanceof ValueShapeException v) {
            return new WippyException(ErrorKind.INVALID, functionId, v.getMessage(), t);
        }
        if (t instanceof Error e && !(t instanceof StackOverflowError)) {
            return new WippyException(ErrorKind.INTERNAL, functionId, "internal error: " + e, e);
        }
        return new WippyException(ErrorKind.INTERNAL, functionId, "internal error: " + t, t);
    }

    private static String limitText(String limit) {
        return limit == null ? "its deadline" : limit;
    }

    private static boolean isInterruption(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InterruptedException || c instanceof ChicoryInterruptedException) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
