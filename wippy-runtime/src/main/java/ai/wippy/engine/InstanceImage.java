package ai.wippy.engine;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import java.util.ArrayList;
import java.util.List;

/**
 * What an initialised core instance holds in the memories it defines, kept by an instance template:
 * a new instance made with {@link CompiledModule#instantiate(com.dylibso.chicory.runtime.ImportValues,
 * GuestMemoryBudget.Lease, boolean, InstanceImage)} starts with these memories (sharing their pages
 * copy-on-write) instead of zeroing them and copying the data segments again.
 *
 * <p>Only a module without a start section is imaged ({@link CompiledModule#templatable()}): no guest
 * code runs while it is instantiated, so its globals and tables are the initialisers' values in every
 * instance and the memories are the only state initialisation creates.
 */
public final class InstanceImage {

    private final List<PagedMemory.Image> memories;

    private InstanceImage(List<PagedMemory.Image> memories) {
        this.memories = memories;
    }

    /**
     * Images the memories {@code instance} defines as they are now, or null when one of them is not
     * the runtime's (then the instance cannot serve as a template). The instance stays usable: its
     * pages become shared with the image and are copied when it writes them.
     */
    public static InstanceImage capture(Instance instance) {
        int imported = instance.imports().memoryCount();
        int total = instance.module().memorySection().map(s -> s.memoryCount()).orElse(0);
        List<PagedMemory.Image> images = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            Memory m = instance.memory(imported + i);
            if (!(m instanceof PagedMemory paged)) {
                return null;
            }
            images.add(paged.capture());
        }
        return new InstanceImage(List.copyOf(images));
    }

    /**
     * Ends the initialisation of an instance made from an image: its memories (already holding what
     * every data segment wrote into them) write again when zeroed or initialised. Called once every
     * core instance of a component exists, since a later instance initialises memories it imports.
     */
    public static void initialised(Instance instance) {
        int imported = instance.imports().memoryCount();
        int total = instance.module().memorySection().map(s -> s.memoryCount()).orElse(0);
        for (int i = 0; i < total; i++) {
            if (instance.memory(imported + i) instanceof PagedMemory paged) {
                paged.initialised();
            }
        }
    }

    PagedMemory.Image memory(int index) {
        return memories.get(index);
    }

    int memoryCount() {
        return memories.size();
    }

    /** Bytes of the image's pages that are not the shared zero page (what the template keeps alive). */
    public long privateBytes() {
        long n = 0;
        for (PagedMemory.Image m : memories) {
            n += m.privateBytes();
        }
        return n;
    }
}
