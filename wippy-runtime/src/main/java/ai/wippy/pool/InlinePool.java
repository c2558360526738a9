package ai.wippy.pool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A fresh instance per call, on the caller's thread, destroyed afterwards. */
public final class InlinePool<T> implements InstancePool<T> {

    private final InstanceFactory<T> factory;
    private final PoolConfig config;
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();

    public InlinePool(InstanceFactory<T> factory, PoolConfig config) {
        this.factory = factory;
        this.config = config;
    }

    @Override
    public <R> R execute(PoolTask<T, R> task, long deadlineNanos) throws Exception {
        busy.incrementAndGet();
        T instance = null;
        boolean failed = true;
        try {
            instance = factory.create();
            created.incrementAndGet();
            R result = task.run(instance);
            failed = false;
            return result;
        } finally {
            busy.decrementAndGet();
            if (instance != null) {
                if (failed) {
                    discarded.incrementAndGet();
                }
                factory.destroy(instance);
            }
        }
    }

    @Override
    public PoolStats stats() {
        return new PoolStats(busy.get(), 0, -1, 0, 0, created.get(), discarded.get(), 0);
    }

    @Override
    public PoolConfig config() {
        return config;
    }

    @Override
    public void close() {}
}
