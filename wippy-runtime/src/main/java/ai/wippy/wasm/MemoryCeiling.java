package ai.wippy.wasm;

import ai.wippy.pool.PoolConfig;
import ai.wippy.pool.PoolType;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.MemorySettings;
import ai.wippy.spi.RuntimeSettings;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.WasmModule;

/**
 * The most pages each guest memory of an entry's instances may grow to: the entry's {@code
 * limits.max_memory_pages}, or else the runtime's default ({@link MemorySettings#maxMemoryBytes()},
 * {@code wippy.limits.max-memory} in Spring). With the boot checks that go with it: a module whose
 * declared minimum is above the ceiling, and a pool whose boot instances cannot fit the pool budget,
 * are refused by entry and field.
 *
 * @param pages the ceiling in 64 KiB pages
 * @param fromEntry whether the entry set it ({@code limits.max_memory_pages}) or the runtime did
 */
public record MemoryCeiling(int pages, boolean fromEntry) {

    public static final String FIELD = "limits.max_memory_pages";
    static final long PAGE = 65_536L;

    public static MemoryCeiling of(ExecutionLimits limits, RuntimeSettings settings) {
        if (limits.maxMemoryPages() != null) {
            return new MemoryCeiling(limits.maxMemoryPages(), true);
        }
        long pages = settings.memory().maxMemoryBytes() / PAGE;
        return new MemoryCeiling((int) Math.max(1, Math.min(65_536, pages)), false);
    }

    public long bytes() {
        return pages * PAGE;
    }

    /**
     * Refuses {@code module} (named {@code what} in the message, e.g. "the module") when a memory it
     * defines declares a minimum above the ceiling: it could never be instantiated within it.
     */
    public void check(RegistryEntry entry, WasmModule module, String what) {
        var section = module.memorySection();
        if (section.isEmpty()) {
            return;
        }
        for (int i = 0; i < section.get().memoryCount(); i++) {
            int initial = section.get().getMemory(i).limits().initialPages();
            if (initial > pages) {
                throw entry.error(
                        FIELD,
                        what + " declares memory " + i + " with a minimum of " + initial + " pages ("
                                + MemorySettings.describe(initial * PAGE) + "), above " + describe()
                                + "; raise " + FIELD + " or give the module a smaller memory");
            }
            if (initial > Memory.RUNTIME_MAX_PAGES) {
                throw entry.error(
                        FIELD,
                        what + " declares memory " + i + " with a minimum of " + initial + " pages ("
                                + MemorySettings.describe(initial * PAGE) + "), more than the "
                                + Memory.RUNTIME_MAX_PAGES + " pages a memory can have on the JVM");
            }
        }
    }

    /** The ceiling for messages: where it comes from and how much it is. */
    public String describe() {
        return (fromEntry ? "the entry's memory ceiling of " : "the default memory ceiling of ") + pages + " pages ("
                + MemorySettings.describe(bytes()) + (fromEntry ? ")" : ", wippy.limits.max-memory)");
    }

    /** The memory {@code module} declares as its minimum, over all the memories it defines. */
    public static long minimumBytes(WasmModule module) {
        var section = module.memorySection();
        long total = 0;
        if (section.isPresent()) {
            for (int i = 0; i < section.get().memoryCount(); i++) {
                total += section.get().getMemory(i).limits().initialPages() * PAGE;
            }
        }
        return total;
    }

    /**
     * Refuses a pool whose instances created at boot (a static pool's {@code size}, an adaptive
     * pool's {@code min_size}) would together declare more guest memory than the pool budget ({@link
     * MemorySettings#poolMemoryBytes()}): better a boot error by entry and field than the JVM running
     * out of heap while the pool fills.
     */
    public static void checkPool(
            RegistryEntry entry, PoolConfig pool, long minimumBytesPerInstance, RuntimeSettings settings) {
        int atBoot =
                pool.type() == PoolType.STATIC ? pool.size() : pool.type() == PoolType.ADAPTIVE ? pool.minSize() : 0;
        if (atBoot == 0 || minimumBytesPerInstance == 0) {
            return;
        }
        long budget = settings.memory().poolMemoryBytes();
        if (atBoot > budget / minimumBytesPerInstance) {
            String field = pool.type() == PoolType.STATIC ? "pool.size" : "pool.min_size";
            throw entry.error(
                    field,
                    "the pool creates " + atBoot + " instances at boot, each declaring "
                            + MemorySettings.describe(minimumBytesPerInstance) + " of guest memory ("
                            + MemorySettings.describe(atBoot * minimumBytesPerInstance) + " in all), more than the"
                            + " pool memory budget of " + MemorySettings.describe(budget)
                            + " (wippy.limits.pool-memory); lower " + field + " or use a lazy pool");
        }
    }
}
