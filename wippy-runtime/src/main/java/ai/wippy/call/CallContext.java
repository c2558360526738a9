package ai.wippy.call;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What a call runs under and what every call it makes inherits: the actor, the scope, request context
 * values and the deadline. Immutable; the {@code with*} methods return a copy.
 */
public final class CallContext {

    private static final CallContext EMPTY = new CallContext(null, null, Map.of(), 0L, null, 0, null);
    private static final ThreadLocal<Frame> FRAME = ThreadLocal.withInitial(Frame::new);

    /**
     * What one thread keeps for the calls it makes: the context of the call running on it, and small
     * argument arrays the scalar path reuses call after call. One thread-local lookup serves a whole
     * call ({@link #frame()}); the static methods below look it up each time.
     */
    public static final class Frame {
        private CallContext current;
        /** Whether the call running on this thread must not wait ({@link #runWithoutWaiting}). */
        boolean noWaiting;

        private final long[][] scratch = {new long[0], new long[1], new long[2], new long[3], new long[4]};

        private Frame() {}

        /** The context of the call running on this thread, or {@code null}. */
        public CallContext current() {
            return current;
        }

        /** Makes {@code ctx} current and returns the previous one, for {@link #restore}. */
        public CallContext bind(CallContext ctx) {
            CallContext previous = current;
            current = ctx;
            return previous;
        }

        /** Puts back the context {@link #bind} returned. */
        public void restore(CallContext previous) {
            current = previous;
        }

        /**
         * An array of {@code n} (at most {@link #MAX_SCRATCH}) longs this thread reuses: an export reads
         * its arguments when it starts, so a nested call on the same thread may fill it again.
         */
        public long[] scratch(int n) {
            return scratch[n];
        }

        /**
         * Runs {@code work} on this thread so that any wait it would make (for a pooled instance, or a
         * guest's for a timer, a stream, a pollable) throws {@link WouldWait} instead: the caller's
         * thread must not block, and the work is run again elsewhere when it would.
         */
        public <T> T runWithoutWaiting(java.util.concurrent.Callable<T> work) throws Exception {
            if (noWaiting) {
                return work.call(); // nested: the outer call's rule holds, and it restores the flag
            }
            noWaiting = true;
            try {
                return work.call();
            } finally {
                noWaiting = false;
            }
        }

        /** The most arguments {@link #scratch} holds. */
        public static final int MAX_SCRATCH = 4;
    }

    /** This thread's frame. */
    public static Frame frame() {
        return FRAME.get();
    }

    private final Actor actor;
    private final SecurityScope scope;
    private final Map<String, Object> values;
    private final long deadlineNanos;
    private final String deadlineLimit;
    private final int depth;
    private final Object trace;
    /**
     * {@link #child()}, made once: contexts are immutable, so every nested call made under this one
     * (a loop of calls under one request) shares it. A benign race: two threads may each make one.
     */
    private CallContext child;

    private CallContext(
            Actor actor,
            SecurityScope scope,
            Map<String, Object> values,
            long deadlineNanos,
            String deadlineLimit,
            int depth,
            Object trace) {
        this.actor = actor;
        this.scope = scope;
        this.values = values;
        this.deadlineNanos = deadlineNanos;
        this.deadlineLimit = deadlineLimit;
        this.depth = depth;
        this.trace = trace;
    }

    public static CallContext empty() {
        return EMPTY;
    }

    /** The context of the call running on this thread, or the empty context outside any call. */
    public static CallContext current() {
        CallContext ctx = FRAME.get().current;
        return ctx == null ? EMPTY : ctx;
    }

    /** The context of the call running on this thread, if a call is running. */
    public static java.util.Optional<CallContext> active() {
        return java.util.Optional.ofNullable(FRAME.get().current);
    }

    /** The context of the call running on this thread, or {@code null}. */
    public static CallContext activeOrNull() {
        return FRAME.get().current;
    }

    /** Makes {@code ctx} current on this thread and returns the previous one, for {@link #restore}. */
    public static CallContext bind(CallContext ctx) {
        return FRAME.get().bind(ctx);
    }

    /** Puts back the context {@link #bind} returned. */
    public static void restore(CallContext previous) {
        FRAME.get().current = previous;
    }

    /** Runs {@code body} with {@code ctx} as the current context of this thread. */
    public static <T> T runWith(CallContext ctx, java.util.concurrent.Callable<T> body) throws Exception {
        Frame frame = FRAME.get();
        CallContext previous = frame.bind(ctx);
        try {
            return body.call();
        } finally {
            frame.current = previous;
        }
    }

    public Actor actor() {
        return actor;
    }

    public SecurityScope scope() {
        return scope;
    }

    /** Whether the call has no actor or no scope: {@code AccessGuard} lets it pass only outside strict mode and policies. */
    public boolean unscoped() {
        return actor == null || scope == null;
    }

    public Map<String, Object> values() {
        return values;
    }

    public Object value(String key) {
        return values.get(key);
    }

    /** The deadline as a {@link System#nanoTime()} instant, or 0 when there is none. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /**
     * The limit that set the deadline, for messages ({@code max_execution_ms 500 of app:f}, {@code a
     * timeout of 50 ms}), or {@code null} when there is no deadline.
     */
    public String deadlineLimit() {
        return deadlineLimit;
    }

    public boolean hasDeadline() {
        return deadlineNanos != 0L;
    }

    /** Nanoseconds left before the deadline (negative once passed), or {@link Long#MAX_VALUE}. */
    public long remainingNanos() {
        return deadlineNanos == 0L ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
    }

    /** How many calls deep this context is (0 for a call made from outside the runtime). */
    public int depth() {
        return depth;
    }

    public CallContext withActor(Actor newActor) {
        return new CallContext(newActor, scope, values, deadlineNanos, deadlineLimit, depth, trace);
    }

    public CallContext withScope(SecurityScope newScope) {
        return new CallContext(actor, newScope, values, deadlineNanos, deadlineLimit, depth, trace);
    }

    public CallContext withValue(String key, Object value) {
        Map<String, Object> copy = new HashMap<>(values);
        copy.put(key, value);
        return new CallContext(actor, scope, Map.copyOf(copy), deadlineNanos, deadlineLimit, depth, trace);
    }

    public CallContext withValues(Map<String, ?> more) {
        Map<String, Object> copy = new HashMap<>(values);
        copy.putAll(more);
        return new CallContext(actor, scope, Map.copyOf(copy), deadlineNanos, deadlineLimit, depth, trace);
    }

    /** A deadline {@code timeout} from now, never later than the one already inherited. */
    public CallContext withTimeout(Duration timeout) {
        return withTimeout(timeout, "a timeout of " + timeout.toMillis() + " ms");
    }

    /**
     * A deadline {@code timeout} from now, never later than the one already inherited; {@code limit}
     * names where it comes from, for the message of a call that runs past it.
     */
    public CallContext withTimeout(Duration timeout, String limit) {
        long candidate = System.nanoTime() + timeout.toNanos();
        if (candidate == 0L) {
            candidate = 1L;
        }
        if (deadlineNanos != 0L && deadlineNanos - candidate <= 0) {
            return this; // the inherited deadline comes first and stays the one to name
        }
        return new CallContext(actor, scope, values, candidate, limit, depth, trace);
    }

    /**
     * The observation (span) of the call this context belongs to, as a {@code RuntimeObserver} made it,
     * or {@code null}: nested calls take it as their parent, also when they run on another thread.
     * Opaque to the runtime.
     */
    public Object trace() {
        return trace;
    }

    /** The same context under another parent observation (see {@link #trace()}). */
    public CallContext withTrace(Object newTrace) {
        return new CallContext(actor, scope, values, deadlineNanos, deadlineLimit, depth, newTrace);
    }

    /** The context a nested call inherits, whose calls nest under {@code parentTrace}. */
    public CallContext child(Object parentTrace) {
        return new CallContext(actor, scope, values, deadlineNanos, deadlineLimit, depth + 1, parentTrace);
    }

    /** The context a nested call inherits. */
    public CallContext child() {
        CallContext c = child;
        if (c == null) {
            c = new CallContext(actor, scope, values, deadlineNanos, deadlineLimit, depth + 1, trace);
            child = c;
        }
        return c;
    }

    @Override
    public String toString() {
        return "CallContext[actor=" + (actor == null ? "none" : actor.id()) + ", scope="
                + (scope == null ? "none" : scope) + ", values=" + values.keySet() + ", depth=" + depth + "]";
    }
}
