package ai.wippy.abi;

import com.dylibso.chicory.runtime.Memory;

/**
 * The canonical options of one lift or lower: the guest's memory, string encoding, allocator, the
 * post-return hook and the instance's resource handle tables. {@code realloc} may be null when
 * nothing needs allocating (then lowering a string or list traps); {@code postReturn} runs after a
 * result was lifted and copied out ({@code cabi_post_*}: build it per call to pass the flat results);
 * {@code resources} may be null when no handle type is involved. {@code maxLiftBytes} bounds what
 * lifting one call's values may allocate (see {@link ai.wippy.runtime.MemorySettings#maxLiftBytes()}).
 */
public record CanonicalOptions(
        Memory memory,
        StringEncoding encoding,
        Realloc realloc,
        Runnable postReturn,
        ResourceTables resources,
        long maxLiftBytes) {

    public CanonicalOptions {
        if (encoding == null) {
            encoding = StringEncoding.UTF8;
        }
        if (maxLiftBytes <= 0) {
            throw new IllegalArgumentException("maxLiftBytes must be positive, got " + maxLiftBytes);
        }
    }

    /** Options with the default lifting limit ({@link ai.wippy.runtime.MemorySettings#DEFAULT_MAX_LIFT_BYTES}). */
    public CanonicalOptions(
            Memory memory, StringEncoding encoding, Realloc realloc, Runnable postReturn, ResourceTables resources) {
        this(memory, encoding, realloc, postReturn, resources, ai.wippy.runtime.MemorySettings.DEFAULT_MAX_LIFT_BYTES);
    }

    public CanonicalOptions withPostReturn(Runnable hook) {
        return new CanonicalOptions(memory, encoding, realloc, hook, resources, maxLiftBytes);
    }
}
