package ai.wippy.call;

/**
 * Thrown where a call running on a thread that must not block (a server's event loop) would wait:
 * for a pooled instance that is busy ({@link #checkCallMayWait}), or, inside the guest, for a timer, a
 * stream or anything else not ready yet. Such a call is only made for a function whose imports reach
 * nothing outside its instance, so stopping it there changed nothing anyone can see: the caller runs
 * it again from the start where waiting is allowed (the dispatcher's virtual threads). Not an error
 * of the call and never reported as one; the instance it stopped is discarded, as after any failure.
 * See {@link CallContext.Frame#runWithoutWaiting}.
 */
public final class WouldWait extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean guestStarted;

    private WouldWait(String what, boolean guestStarted) {
        super(what, null, false, false); // thrown and caught within one call: no stack trace
        this.guestStarted = guestStarted;
    }

    /** Whether the guest had started (it would have waited itself), or the call had not begun (a busy pool). */
    public boolean guestStarted() {
        return guestStarted;
    }

    /** Throws when this thread's call must not wait: a guest about to wait for {@code what}. */
    public static void checkGuestMayWait(String what) {
        if (CallContext.frame().noWaiting) {
            throw new WouldWait("the guest would wait for " + what, true);
        }
    }

    /** Throws when this thread's call must not wait: its instance is not free yet, the guest not started. */
    public static void checkCallMayWait(String what) {
        if (CallContext.frame().noWaiting) {
            throw notStarted(what);
        }
    }

    /** The refusal of a call that would wait for {@code what} before its guest starts. */
    public static WouldWait notStarted(String what) {
        return new WouldWait("the call would wait for " + what, false);
    }

    /** Whether the current thread's call must not wait. */
    public static boolean waitingRefused() {
        return CallContext.frame().noWaiting;
    }

    /**
     * How long a call may run on a thread that must not block before its function is sent to the
     * dispatcher from then on: 5 ms, beyond which other requests on that event loop would notice.
     */
    public static final long LONGEST_ON_A_LOOP_NANOS = 5_000_000L;

    /**
     * After a run on a loop that took longer than {@link #LONGEST_ON_A_LOOP_NANOS}, how many runs in a
     * row on the dispatcher must each be shorter than it before the function's calls try the loop
     * again: 64 after the first slow run, doubled for each further one in a row.
     */
    public static final int QUICK_RUNS_TO_RETURN = 64;

    /** Whether a call that started at {@code startNanos} ({@link System#nanoTime}) ran too long for a loop. */
    public static boolean tooLongForALoop(long startNanos) {
        return System.nanoTime() - startNanos > LONGEST_ON_A_LOOP_NANOS;
    }
}
