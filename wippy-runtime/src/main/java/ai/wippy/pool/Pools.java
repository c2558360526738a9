package ai.wippy.pool;

/** Builds the pool an entry's {@code pool} section asks for. */
public final class Pools {

    private Pools() {}

    public static <T> InstancePool<T> create(String functionId, InstanceFactory<T> factory, PoolConfig config) {
        return config.type() == PoolType.INLINE
                ? new InlinePool<>(factory, config)
                : new BoundedPool<>(functionId, factory, config);
    }
}
