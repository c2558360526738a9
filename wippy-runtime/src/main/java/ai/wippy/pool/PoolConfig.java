package ai.wippy.pool;

import java.time.Duration;

/**
 * How a function's instances are pooled.
 *
 * @param type the pool type
 * @param size instances of a static pool
 * @param minSize instances an adaptive pool keeps warm
 * @param maxSize most instances of a lazy or adaptive pool
 * @param workers most concurrent executions (static pools, worker classes)
 * @param buffer most callers waiting for an instance; past it a call is rejected as saturated
 * @param acquireTimeout how long a caller waits for an instance before it is rejected as saturated
 * @param idleTimeout how long an idle instance of a lazy or adaptive pool is kept
 * @param workerClass the dedicated scheduler calls run on, or {@code null} for the default dispatcher
 * @param warmStart whether a lazy or adaptive pool creates an instance at boot ({@code pool.warm_start})
 */
public record PoolConfig(
        PoolType type,
        int size,
        int minSize,
        int maxSize,
        int workers,
        int buffer,
        Duration acquireTimeout,
        Duration idleTimeout,
        String workerClass,
        boolean warmStart) {

    public static final int DEFAULT_MAX = 100;
    public static final int DEFAULT_ELASTIC_MAX = 16;

    /** The pool of an entry that says nothing: lazy, at most 100 instances. */
    public static PoolConfig defaults() {
        return new PoolConfig(
                PoolType.LAZY,
                0,
                0,
                DEFAULT_MAX,
                DEFAULT_MAX,
                DEFAULT_MAX * 64,
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                null,
                false);
    }

    /** The number of instances the pool may hold at once, or -1 when unbounded (inline). */
    public int capacity() {
        return switch (type) {
            case INLINE -> -1;
            case STATIC -> size;
            case LAZY, ADAPTIVE -> maxSize;
        };
    }
}
