package ai.wippy.wasi.p2;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.call.WouldWait;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * How a guest waits. Guests run on virtual threads, so {@link CompletableFuture#get()} parks and
 * gives the carrier thread back; an interrupt (the caller went away, the deadline passed) ends the
 * wait with an exception whose cause is the {@link InterruptedException}, which the execution guard
 * reports as CANCELED or TIMEOUT and which discards the instance.
 */
public final class Waiting {

    /** What runs on the guest's thread before it starts to wait (see {@link #beforeWaiting}). */
    private static final ThreadLocal<Runnable> BEFORE_WAIT = new ThreadLocal<>();

    private Waiting() {}

    /**
     * Runs {@code work} (a guest call, on the current thread) so that {@code hook} runs each time the
     * guest is about to wait for something not ready yet: an HTTP server sends the response it holds
     * back before the guest sleeps, reads a body or waits for the network to take what it wrote.
     */
    public static <R> R beforeWaiting(Runnable hook, java.util.concurrent.Callable<R> work) throws Exception {
        Runnable outer = BEFORE_WAIT.get();
        BEFORE_WAIT.set(hook);
        try {
            return work.call();
        } finally {
            BEFORE_WAIT.set(outer);
        }
    }

    /** Waits for {@code future} to finish, whatever its outcome. */
    public static void await(CompletableFuture<?> future) {
        if (!future.isDone()) {
            WouldWait.checkGuestMayWait("something not ready yet"); // before the hook: nothing may leave
            Runnable hook = BEFORE_WAIT.get();
            if (hook != null) {
                hook.run();
            }
        }
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WippyException(ErrorKind.CANCELED, null, "the guest was stopped while waiting", e);
        } catch (ExecutionException | CancellationException e) {
            // ready by failing: the operation that waits reports the failure itself
        }
    }

    /**
     * {@code wasi:io/poll.poll}: waits until at least one pollable is ready and returns the indexes
     * (u32, as longs) of all those that are ready.
     */
    public static List<Long> poll(List<Pollable> pollables) {
        if (pollables.isEmpty()) {
            throw new IllegalArgumentException("poll needs at least one pollable");
        }
        List<Long> ready = readyIndexes(pollables);
        if (!ready.isEmpty()) {
            return ready;
        }
        CompletableFuture<?>[] all = new CompletableFuture<?>[pollables.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = pollables.get(i).readiness();
        }
        await(CompletableFuture.anyOf(all));
        ready = readyIndexes(pollables);
        if (ready.isEmpty()) {
            // a readiness future completed without its pollable being ready (a failed operation):
            // report the ones whose futures finished so the guest looks at them
            for (int i = 0; i < all.length; i++) {
                if (all[i].isDone()) {
                    ready.add((long) i);
                }
            }
        }
        return ready;
    }

    private static List<Long> readyIndexes(List<Pollable> pollables) {
        List<Long> ready = new ArrayList<>();
        for (int i = 0; i < pollables.size(); i++) {
            if (pollables.get(i).ready()) {
                ready.add((long) i);
            }
        }
        return ready;
    }
}
