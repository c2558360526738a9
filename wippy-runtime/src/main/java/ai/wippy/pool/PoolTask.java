package ai.wippy.pool;

/** Work done with one pooled instance. */
@FunctionalInterface
public interface PoolTask<T, R> {
    R run(T instance) throws Exception;
}
