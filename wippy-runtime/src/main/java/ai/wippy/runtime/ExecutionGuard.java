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

    static <T> T run(String functionId, long deadlineNanos, Callable<T> body) throws WippyException {
        if (deadlineNanos != 0L && deadlineNanos - System.nanoTime() <= 0) {
            throw new WippyException(ErrorKind.TIMEOUT, functionId, "deadline passed before the call started");
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
            throw translate(functionId, t, deadlineNanos);
        } finally {
            if (state != null && !state.compareAndSet(RUNNING, DONE)) {
                Thread.interrupted(); // our own alarm's interrupt must not leak to the caller
            }
            if (alarm != null) {
                alarm.cancel(false);
            }
        }
    }

    static WippyException translate(String functionId, Throwable t, long deadlineNanos) {
        if (t instanceof WippyException w) {
            if (w.kind() == ErrorKind.CANCELED && deadlineNanos != 0L && deadlineNanos - System.nanoTime() <= 0) {
                return new WippyException(ErrorKind.TIMEOUT, functionId, "execution exceeded its deadline", w);
            }
            return w;
        }
        if (isInterruption(t)) {
            if (deadlineNanos != 0L && deadlineNanos - System.nanoTime() <= 0) {
                return new WippyException(
                        ErrorKind.TIMEOUT, functionId, "execution exceeded its deadline and was stopped", t);
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
