package ai.wippy.abi;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/** A fake guest for ABI tests: a real Chicory memory and a bump allocator standing in for cabi_realloc. */
final class TestGuest {

    final Memory memory = new ByteArrayMemory(new MemoryLimits(1, 1));
    final ResourceTables resources = new ResourceTables();
    int next = 1024;
    int allocations;

    final Realloc realloc = (oldPtr, oldSize, align, newSize) -> {
        allocations++;
        next = (next + align - 1) / align * align;
        int ptr = next;
        next += newSize;
        if (oldPtr != 0) {
            memory.write(ptr, memory.readBytes(oldPtr, Math.min(oldSize, newSize)));
        }
        return ptr;
    };

    CanonicalOptions options() {
        return options(StringEncoding.UTF8);
    }

    CanonicalOptions options(StringEncoding encoding) {
        return new CanonicalOptions(memory, encoding, realloc, null, resources);
    }
}
