package ai.wippy.pool;

/**
 * Work done with one pooled instance whose arguments and result are core values: the scalar path,
 * without the boxed result and the capturing lambda of a {@link PoolTask}.
 */
@FunctionalInterface
public interface ScalarTask<T> {
    long run(T instance, long[] args) throws Exception;
}
