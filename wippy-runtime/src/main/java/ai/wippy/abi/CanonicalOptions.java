package ai.wippy.abi;

import com.dylibso.chicory.runtime.Memory;

/**
 * The canonical options of one lift or lower (Wasmtime's {@code LiftContext}/{@code LowerContext}
 * carry the same): the guest's memory, string encoding, allocator, the post-return function and
 * the instance's handle table. Built once per lifted or lowered function (a component's {@code canon
 * lift}/{@code canon lower}, a core module's export) and shared by its calls. {@code realloc} may be
 * null when nothing needs allocating (then lowering a string or list traps); {@code postReturn}
 * ({@code cabi_post_*}) receives the export's flat results after the result was lifted and copied
 * out; {@code resources} may be null when no handle type is involved (a handle then traps). {@code maxLiftBytes} bounds what
 * lifting one call's values may allocate (see {@link ai.wippy.spi.MemorySettings#maxLiftBytes()}).
 */
public record CanonicalOptions(
        Memory memory,
        StringEncoding encoding,
        Realloc realloc,
        PostReturn postReturn,
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

    /** Options with the default lifting limit ({@link ai.wippy.spi.MemorySettings#DEFAULT_MAX_LIFT_BYTES}). */
    public CanonicalOptions(
            Memory memory, StringEncoding encoding, Realloc realloc, PostReturn postReturn, ResourceTables resources) {
        this(memory, encoding, realloc, postReturn, resources, ai.wippy.spi.MemorySettings.DEFAULT_MAX_LIFT_BYTES);
    }

    public CanonicalOptions withPostReturn(PostReturn hook) {
        return new CanonicalOptions(memory, encoding, realloc, hook, resources, maxLiftBytes);
    }

    /** The guest's {@code cabi_post_<name>}: called with the export's flat results so the guest can free them. */
    @FunctionalInterface
    public interface PostReturn {
        void run(long[] flatResults);
    }
}
