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

    PoolStats stats();

    PoolConfig config();

    /** Destroys idle instances beyond what the pool wants to keep; called periodically. */
    default void reclaimIdle() {}

    @Override
    void close();
}
