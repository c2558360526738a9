package ai.wippy.pool;

/**
 * Lends instances to calls. An instance whose task fails (trap, timeout, cancellation, any exception)
 * is discarded, never lent again. A pool never drops a call: it runs it, or rejects it with kind
 * {@code SATURATED}.
 */
public interface InstancePool<T> extends AutoCloseable {

    /**
     * Runs {@code task} with an instance.
     *
     * @param deadlineNanos a {@link System#nanoTime()} instant after which waiting gives up, or 0
     */
    <R> R execute(PoolTask<T, R> task, long deadlineNanos) throws Exception;

    /**
     * Runs {@code task} with an instance and {@code args}, as {@link #execute} (same admission,
     * same discarding of a failed instance), returning its core value without boxing it.
     */
    default long executeScalar(ScalarTask<T> task, long[] args, long deadlineNanos) throws Exception {
        Long result = execute(instance -> task.run(instance, args), deadlineNanos);
        return result;
    }

    PoolStats stats();

    /**
     * Admits a call that will run later (an asynchronous call waiting for a thread), so that a flood
     * of calls is refused at the door with kind {@code SATURATED} instead of piling up unseen. Close
     * the admission when the call is over, whether it ran or not.
     */
    /**
     * Waits (at most {@code timeout}) until the instances the pool makes in advance, in the
     * background, exist; true when they do (at once for pools that make none).
     */
    default boolean awaitFilled(java.time.Duration timeout) {
        return true;
    }

    default Admission admit() {
        return Admission.NONE;
    }

    /** A place among the calls a pool accepts; closing it twice is harmless. */
    interface Admission extends AutoCloseable {
        Admission NONE = () -> {};

        @Override
        void close();
    }

    PoolConfig config();

    /** Destroys idle instances beyond what the pool wants to keep; called periodically. */
    default void reclaimIdle() {}

    /**
     * Destroys every idle instance above the pool's floor (a static pool's {@code size}, an adaptive
     * pool's {@code min_size}) at once, whatever their age: called when the guest memory budget is
     * spent, so that instances nobody uses give their memory to a call that needs it.
     *
     * @return how many instances were destroyed
     */
    default int trimIdle() {
        return 0;
    }

    @Override
    void close();
}
