package ai.wippy.abi;

import com.dylibso.chicory.runtime.Memory;

/**
 * The canonical options of one lift or lower: the guest's memory, string encoding, allocator, the
 * post-return hook and the instance's resource handle tables. {@code realloc} may be null when
 * nothing needs allocating (then lowering a string or list traps); {@code postReturn} runs after a
 * result was lifted and copied out ({@code cabi_post_*}: build it per call to pass the flat results);
 * {@code resources} may be null when no handle type is involved.
 */
public record CanonicalOptions(
        Memory memory, StringEncoding encoding, Realloc realloc, Runnable postReturn, ResourceTables resources) {

    public CanonicalOptions {
        if (encoding == null) {
            encoding = StringEncoding.UTF8;
        }
    }

    public CanonicalOptions withPostReturn(Runnable hook) {
        return new CanonicalOptions(memory, encoding, realloc, hook, resources);
    }
}
