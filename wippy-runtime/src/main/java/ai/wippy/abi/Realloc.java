package ai.wippy.abi;

/**
 * The guest's {@code cabi_realloc(old_ptr, old_size, align, new_size) -> ptr}. Allocation is
 * {@code realloc(0, 0, align, size)}. The returned pointer is checked by the caller (alignment and
 * bounds) because a hostile guest may return anything.
 */
@FunctionalInterface
public interface Realloc {
    int realloc(int oldPtr, int oldSize, int align, int newSize);
}
