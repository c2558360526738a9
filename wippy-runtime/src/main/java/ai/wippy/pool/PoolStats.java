package ai.wippy.pool;

/**
 * A snapshot of a pool.
 *
 * @param busy instances running a call
 * @param idle instances ready for a call
 * @param max the most instances the pool may hold (-1 unbounded)
 * @param queued callers waiting for an instance
 * @param rejected calls refused as saturated since start
 * @param created instances created since start
 * @param discarded instances thrown away after a trap, timeout or cancellation
 * @param reclaimed idle instances reclaimed since start
 */
public record PoolStats(
        int busy, int idle, int max, int queued, long rejected, long created, long discarded, long reclaimed) {}
