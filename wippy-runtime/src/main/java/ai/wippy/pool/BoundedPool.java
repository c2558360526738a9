package ai.wippy.pool;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.call.WouldWait;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pool behind {@code static}, {@code lazy} and {@code adaptive}: a bounded set of reusable
 * instances, a bounded queue of waiting callers, and reclaiming of idle instances.
 *
 * <ul>
 *   <li>static: {@code size} instances created up front, at most {@code workers} running at once;
 *   <li>lazy: none at start, grows on demand to {@code max_size}, idle ones reclaimed after
 *       {@code idle_timeout};
 *   <li>adaptive: keeps {@code min_size} warm, grows to {@code max_size}, and shrinks towards the
 *       measured demand (a moving average of busy instances, with headroom).
 * </ul>
 *
 * <p>Over 500 lines because the hot slot, the semaphore, the deque, the reaper and closing share one
 * set of counters whose order of updates keeps a call from waiting on an idle instance: they stay
 * in one class to be read together.
 */
public final class BoundedPool<T> implements InstancePool<T> {

    private record Idle<T>(T instance, long since) {}

    private final String name;
    private final InstanceFactory<T> factory;
    private final PoolConfig config;
    private final Semaphore permits;
    private final int concurrency;
    private final int floor;
    private final ConcurrentLinkedDeque<Idle<T>> idle = new ConcurrentLinkedDeque<>();
    /**
     * The hot slot: the instance the last call gave back, with its permit, which the next call takes
     * first. A pool serving one call at a time (the common case) passes instance and permit through it
     * with one compare-and-set to take ({@link #FREE} to {@link #BUSY}) and a plain release store to
     * give back (only the call holding the slot writes it), instead of the semaphore and the deque.
     * Such a give-back reads the count of waiting callers without a fence, so it may miss a caller
     * that counted itself at that instant: a waiting caller looks at the slot again after {@link
     * #SECOND_LOOK_NANOS} ({@link #acquire}), and {@link #close} drains the slot again until it is
     * empty. The reaper, trimming and closing move a free slot's instance into the deque ({@link
     * #settle}).
     */
    private volatile int hotState;

    private static final int EMPTY = 0;
    private static final int FREE = 1;
    private static final int BUSY = 2;
    private static final long SECOND_LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final java.lang.invoke.VarHandle HOT_STATE;

    static {
        try {
            HOT_STATE = java.lang.invoke.MethodHandles.lookup().findVarHandle(BoundedPool.class, "hotState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The slot's instance while it is {@link #FREE} or {@link #BUSY}; written only by whoever made it {@code BUSY}. */
    private T hotInstance;
    /** When the slot's instance was last given back ({@link PoolReaper#coarseNanos}). */
    private long hotSince;

    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();
    private final AtomicLong reclaimed = new AtomicLong();
    private volatile double demand;
    private volatile boolean closed;
    private final ScheduledFuture<?> reaper;

    public BoundedPool(String name, InstanceFactory<T> factory, PoolConfig config) {
        this.name = name;
        this.factory = factory;
        this.config = config;
        this.concurrency = switch (config.type()) {
            case STATIC -> Math.max(1, Math.min(config.size(), config.workers()));
            case LAZY, ADAPTIVE -> Math.max(1, config.maxSize());
            case INLINE -> throw new IllegalArgumentException("inline pools are not bounded");
        };
        this.floor = switch (config.type()) {
            case STATIC -> config.size();
            case ADAPTIVE -> Math.min(config.minSize(), config.maxSize());
            default -> 0;
        };
        this.permits = new Semaphore(concurrency, true);
        // The floor's first instance is made now: a module that cannot be instantiated (its start
        // function traps, the memory budget is spent) stops the boot by entry. The rest of the floor, and
        // warm_start's instance of a lazy pool, are made in the background, off the boot's critical path;
        // calls arriving meanwhile make their own, and the fill stops once the pool holds its target.
        int warm = config.warmStart() ? Math.max(floor, 1) : floor;
        if (floor > 0) {
            idle.push(new Idle<>(create(), PoolReaper.coarseNanos()));
        }
        int background = warm - (floor > 0 ? 1 : 0);
        this.filling =
                background <= 0 ? java.util.concurrent.CompletableFuture.completedFuture(null) : fillInBackground(warm);
        this.reaper = config.type() == PoolType.STATIC ? null : PoolReaper.schedule(this, config.idleTimeout());
    }

    private final java.util.concurrent.CompletableFuture<Void> filling;

    /** Makes instances on a virtual thread until the pool holds {@code target} (or is closed). */
    private java.util.concurrent.CompletableFuture<Void> fillInBackground(int target) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().name("wippy-pool-fill " + name).start(() -> {
            try {
                while (!closed) {
                    // reserve a place first: calls that make their own count against the target too
                    if (live.incrementAndGet() > target) {
                        live.decrementAndGet();
                        break;
                    }
                    T instance;
                    try {
                        instance = factory.create();
                    } catch (RuntimeException | Error e) {
                        live.decrementAndGet();
                        org.slf4j.LoggerFactory.getLogger(BoundedPool.class)
                                .warn(
                                        "{}: the pool's instances are made on demand instead, one could not be made"
                                                + " in advance: {}",
                                        name,
                                        e.toString());
                        break;
                    }
                    created.incrementAndGet();
                    idle.offerLast(new Idle<>(instance, PoolReaper.coarseNanos()));
                    if (closed) {
                        drainClosed(); // close() may have drained before this one arrived
                        break;
                    }
                }
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    /** Moves the instance in the hot slot into the deque, where the reaper and trimming see it. */
    private void settle() {
        Idle<T> h = takeHot();
        if (h != null) {
            idle.offerFirst(h);
            permits.release();
        }
    }

    /** After close: destroys what a fill added meanwhile. */
    private void drainClosed() {
        settle();
        Idle<T> next;
        while ((next = idle.pollFirst()) != null) {
            destroy(next.instance());
        }
    }

    /**
     * Waits until the instances the pool makes in advance exist (at most {@code timeout}); true when
     * they do. Calls need not wait: one arriving earlier makes its own instance.
     */
    @Override
    public boolean awaitFilled(java.time.Duration timeout) {
        try {
            filling.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    @Override
    public <R> R execute(PoolTask<T, R> task, long deadlineNanos) throws Exception {
        if (hotState == FREE && !closed && HOT_STATE.compareAndSet(this, FREE, BUSY)) {
            R result;
            try {
                result = task.run(hotInstance);
            } catch (Throwable e) {
                hotFailed();
                throw e;
            }
            hotBack();
            return result;
        }
        return executeWaiting(task, deadlineNanos); // kept apart: the path above stays small enough to inline
    }

    @Override
    public long executeScalar(ScalarTask<T> task, long[] args, long deadlineNanos) throws Exception {
        if (hotState == FREE && !closed && HOT_STATE.compareAndSet(this, FREE, BUSY)) {
            long result;
            try {
                result = task.run(hotInstance, args);
            } catch (Throwable e) {
                hotFailed();
                throw e;
            }
            hotBack();
            return result;
        }
        Long result = executeWaiting(instance -> task.run(instance, args), deadlineNanos);
        return result;
    }

    /** A call that did not find the hot slot free: a permit and an instance from the semaphore and the deque. */
    private <R> R executeWaiting(PoolTask<T, R> task, long deadlineNanos) throws Exception {
        Idle<T> ready = takeWaiting(deadlineNanos);
        boolean healthy = false;
        try {
            R result = task.run(ready.instance());
            healthy = true;
            return result;
        } finally {
            giveBack(ready, healthy);
        }
    }

    /**
     * Gives the hot slot back after a call that held it: a release store, no compare-and-set. The
     * reads after it may miss a caller that began to wait at the same instant, which looks again
     * ({@link #acquire}), or a {@link #close} at the same instant, which drains again.
     */
    private void hotBack() {
        if (Thread.currentThread().isInterrupted()) {
            hotFailed(); // as any instance of an interrupted call: not lent again
            return;
        }
        hotSince = PoolReaper.coarseNanos();
        HOT_STATE.setRelease(this, FREE);
        if (waiting.get() != 0 || closed) {
            handOn();
        }
    }

    /** The call holding the hot slot failed: its instance is destroyed, its permit released, the slot left empty. */
    private void hotFailed() {
        T instance = hotInstance;
        hotInstance = null;
        HOT_STATE.setRelease(this, EMPTY);
        discarded.incrementAndGet();
        try {
            destroy(instance);
        } finally {
            permits.release();
        }
    }

    private Idle<T> takeWaiting(long deadlineNanos) {
        if (closed) {
            throw new PoolClosedException(name);
        }
        Idle<T> ready = takeHot();
        if (ready != null) {
            return ready;
        }
        ready = acquire(deadlineNanos);
        if (ready != null) {
            return ready;
        }
        try {
            if (closed) {
                throw new PoolClosedException(name);
            }
            ready = takeHot();
            if (ready != null) {
                permits.release(); // it came with its own
                return ready;
            }
            ready = idle.pollFirst();
            return ready != null ? ready : new Idle<>(create(), 0L);
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    /**
     * The hot slot's instance and permit taken out of it, the slot left empty, or {@code null} (a plain
     * read first: an empty or busy slot costs no atomic).
     */
    private Idle<T> takeHot() {
        if (hotState == FREE && HOT_STATE.compareAndSet(this, FREE, BUSY)) {
            Idle<T> h = new Idle<>(hotInstance, hotSince);
            hotInstance = null;
            HOT_STATE.setRelease(this, EMPTY);
            return h;
        }
        return null;
    }

    /** After a give-back into the hot slot: the instance to a caller that waits, or closed away. */
    private void handOn() {
        if (waiting.get() != 0) {
            Idle<T> back = takeHot();
            if (back != null) {
                idle.offerFirst(back);
                permits.release();
            }
        }
        if (closed) {
            drainClosed();
        }
    }

    /**
     * Returns an instance taken from the deque (or made) with its permit: into the hot slot when it is
     * empty and no call waits, else to the deque and the semaphore; destroys the instance after a failure.
     */
    private void giveBack(Idle<T> ready, boolean healthy) {
        if (!healthy || closed || Thread.currentThread().isInterrupted()) {
            discarded.incrementAndGet();
            try {
                destroy(ready.instance());
            } finally {
                permits.release();
            }
            return;
        }
        long now = PoolReaper.coarseNanos();
        if (waiting.get() == 0 && hotState == EMPTY && HOT_STATE.compareAndSet(this, EMPTY, BUSY)) {
            hotInstance = ready.instance();
            hotSince = now;
            // A volatile store, ordered before the reads below: a caller that counted itself among the
            // waiting before them is seen, and gets the permit; one after looks at the slot (acquire).
            hotState = FREE;
            if (waiting.get() != 0 || closed) {
                handOn();
            }
            return;
        }
        idle.offerFirst(ready.since() == now ? ready : new Idle<>(ready.instance(), now));
        permits.release();
        if (closed) {
            drainClosed(); // close() may have drained before this one came back
        }
    }

    @Override
    public Admission admit() {
        if (admitted.incrementAndGet() > concurrency + config.buffer()) {
            admitted.decrementAndGet();
            throw reject("all " + concurrency + " instances are busy and the queue of " + config.buffer()
                    + " waiting calls is full");
        }
        java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                admitted.decrementAndGet();
            }
        };
    }

    /**
     * A permit from the semaphore ({@code null} returned), or the hot slot's instance with its permit
     * when one came back while this call was counting itself among the waiting.
     */
    private Idle<T> acquire(long deadlineNanos) {
        if (permits.tryAcquire()) {
            return null;
        }
        if (WouldWait.waitingRefused()) {
            Idle<T> h = takeHot(); // given back meanwhile, with the permit the semaphore lacked
            if (h != null) {
                return h;
            }
            WouldWait.checkCallMayWait("an instance of " + name);
        }
        if (waiting.incrementAndGet() > config.buffer()) {
            waiting.decrementAndGet();
            Idle<T> h = takeHot(); // given back meanwhile, with the permit the semaphore lacked
            if (h != null) {
                return h;
            }
            throw reject("all " + concurrency + " instances are busy and the queue of " + config.buffer()
                    + " waiting calls is full");
        }
        try {
            Idle<T> h = takeHot();
            if (h != null) {
                return h;
            }
            long wait = config.acquireTimeout().toNanos();
            if (deadlineNanos != 0L) {
                wait = Math.min(wait, deadlineNanos - System.nanoTime());
            }
            // A call giving the hot slot back may have missed this one's count (hotBack): a second look
            // at the slot after a short while finds what it left there.
            long first = Math.min(wait, SECOND_LOOK_NANOS);
            if (wait > 0 && permits.tryAcquire(first, TimeUnit.NANOSECONDS)) {
                return null;
            }
            h = takeHot();
            if (h != null) {
                return h;
            }
            if (wait - first <= 0 || !permits.tryAcquire(wait - first, TimeUnit.NANOSECONDS)) {
                throw reject("all " + concurrency + " instances stayed busy for "
                        + TimeUnit.NANOSECONDS.toMillis(Math.max(0, wait)) + " ms");
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WippyException(ErrorKind.CANCELED, name, "cancelled while waiting for an instance");
        } finally {
            waiting.decrementAndGet();
        }
    }

    private WippyException reject(String why) {
        rejected.incrementAndGet();
        return new WippyException(ErrorKind.SATURATED, name, "pool saturated: " + why);
    }

    private T create() {
        T instance = factory.create();
        live.incrementAndGet();
        created.incrementAndGet();
        return instance;
    }

    private void destroy(T instance) {
        live.decrementAndGet();
        try {
            factory.destroy(instance);
        } catch (RuntimeException ignored) {
            // An instance being thrown away has nothing left to report.
        }
    }

    @Override
    public void reclaimIdle() {
        settle();
        int busy = Math.max(0, live.get() - idle.size());
        demand = demand * 0.8 + busy * 0.2;
        int keep = floor;
        if (config.type() == PoolType.ADAPTIVE) {
            keep = Math.max(floor, (int) Math.ceil(demand * 1.5));
        }
        long cutoff = PoolReaper.coarseNanos() - config.idleTimeout().toNanos();
        while (live.get() > keep) {
            Idle<T> oldest = idle.pollLast();
            if (oldest == null) {
                return;
            }
            boolean expired = oldest.since() - cutoff <= 0;
            boolean surplus = config.type() == PoolType.ADAPTIVE && idle.size() + 1 > keep - busy;
            if (!expired && !surplus) {
                idle.offerLast(oldest);
                return;
            }
            reclaimed.incrementAndGet();
            destroy(oldest.instance());
        }
    }

    @Override
    public int trimIdle() {
        settle();
        int trimmed = 0;
        while (live.get() > floor) {
            Idle<T> oldest = idle.pollLast();
            if (oldest == null) {
                break;
            }
            reclaimed.incrementAndGet();
            destroy(oldest.instance());
            trimmed++;
        }
        return trimmed;
    }

    @Override
    public PoolStats stats() {
        int idleNow = idle.size() + (hotState == FREE ? 1 : 0);
        int busy = Math.max(0, live.get() - idleNow);
        return new PoolStats(
                busy,
                idleNow,
                config.capacity(),
                waiting.get(),
                rejected.get(),
                created.get(),
                discarded.get(),
                reclaimed.get());
    }

    @Override
    public PoolConfig config() {
        return config;
    }

    @Override
    public void close() {
        closed = true;
        if (reaper != null) {
            reaper.cancel(false);
        }
        drainClosed();
        if (hotState != EMPTY) {
            PoolReaper.untilEmpty(this::drainedHot); // a call in flight holds the slot, or gave it back just now
        }
    }

    /** After close: drains once more; true once the hot slot is empty. */
    private boolean drainedHot() {
        drainClosed();
        return hotState == EMPTY;
    }
}
