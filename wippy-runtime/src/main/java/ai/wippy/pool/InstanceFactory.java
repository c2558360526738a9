package ai.wippy.pool;

/** Creates and destroys the instances a pool holds. */
public interface InstanceFactory<T> {

    T create();

    /** Releases what an instance holds; called when it is discarded or reclaimed. */
    default void destroy(T instance) {}
}
