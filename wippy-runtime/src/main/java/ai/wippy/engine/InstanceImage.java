package ai.wippy.engine;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * What an initialised core instance holds, kept by an instance template: a new instance made with
 * {@link CompiledModule#instantiate(com.dylibso.chicory.runtime.ImportValues, GuestMemoryBudget.Lease,
 * boolean, InstanceImage)} starts with these memories (sharing their pages copy-on-write) instead of
 * zeroing them and copying the data segments again.
 *
 * <p>A <em>memory image</em> ({@link #capture(Instance)}) is enough for a module without a start
 * section: no guest code runs while it is instantiated, so its globals and tables are the
 * initialisers' values in every instance and the memories are the only state initialisation creates.
 *
 * <p>A <em>full image</em> ({@link #captureFull(Instance, List)}) is taken after start functions ran
 * without calling any import (the template checks that): their effects are then all in the memories,
 * globals, tables and the dropped segments of the core instances, which the image holds. An
 * instance made from a full image does not run its start function; {@link #initialised(Instance,
 * List)} restores its globals, tables and segments once every core instance exists (a later core
 * instance's initialisation writes element segments into tables it imports).
 */
public final class InstanceImage {

    private final List<PagedMemory.Image> memories;
    /** Globals, tables and segments; null for a memory image. */
    private final State state;

    private InstanceImage(List<PagedMemory.Image> memories, State state) {
        this.memories = memories;
        this.state = state;
    }

    /**
     * What a start function can leave besides memory: the values of the globals the instance defines,
     * the contents of the tables it defines (each function reference with the index, in the peers'
     * list, of the instance it belongs to), and which data and element segments were dropped.
     */
    private record State(
            long[] globalLow,
            long[] globalHigh,
            int[][] tableRefs,
            int[][] tableOwners,
            Element[] elements,
            boolean[] droppedData) {}

    /** A table entry that belongs to no instance (a null reference). */
    private static final int NO_OWNER = -1;

    /**
     * Images the memories {@code instance} defines as they are now, or null when one of them is not
     * the runtime's (then the instance cannot serve as a template). The instance stays usable: its
     * pages become shared with the image and are copied when it writes them.
     */
    public static InstanceImage capture(Instance instance) {
        List<PagedMemory.Image> images = memories(instance);
        return images == null ? null : new InstanceImage(images, null);
    }

    /**
     * Images everything {@code instance} defines: memories, globals, tables, dropped segments; {@code
     * peers} are the core instances created with it (itself included), which table entries may
     * belong to. Null when something cannot be imaged: a memory that is not the runtime's, a global
     * or table holding a reference other than a function or null (a host object, a GC or exception
     * reference), a function reference into an instance outside {@code peers}, a table whose size
     * differs from its declared minimum (it grew).
     */
    public static InstanceImage captureFull(Instance instance, List<Instance> peers) {
        List<PagedMemory.Image> images = memories(instance);
        if (images == null) {
            return null;
        }
        int importedGlobals = instance.imports().globalCount();
        int globals = instance.globalCount() - importedGlobals;
        long[] low = new long[globals];
        long[] high = new long[globals];
        for (int i = 0; i < globals; i++) {
            GlobalInstance g = instance.global(importedGlobals + i);
            ValType type = g.getType();
            if (!plainValue(type) && !(isFuncRef(type) || g.getValueLow() == Value.REF_NULL_VALUE)) {
                return null;
            }
            low[i] = g.getValueLow();
            high[i] = g.getValueHigh();
        }
        int importedTables = instance.imports().tableCount();
        int tables = instance.tableCount() - importedTables;
        int[][] refs = new int[tables][];
        int[][] owners = new int[tables][];
        for (int t = 0; t < tables; t++) {
            TableInstance table = instance.table(importedTables + t);
            if (table.size() != table.limits().min()) {
                return null;
            }
            boolean functions = isFuncRef(table.elementType());
            int size = table.size();
            refs[t] = new int[size];
            owners[t] = new int[size];
            for (int k = 0; k < size; k++) {
                int ref = table.ref(k);
                refs[t][k] = ref;
                if (ref == Value.REF_NULL_VALUE) {
                    owners[t][k] = NO_OWNER;
                    continue;
                }
                if (!functions) {
                    return null;
                }
                Instance owner = table.instance(k);
                int index = owner == null ? NO_OWNER : indexOf(peers, owner);
                if (owner != null && index < 0) {
                    return null;
                }
                owners[t][k] = index;
            }
        }
        Element[] elements = new Element[instance.elementCount()];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = instance.element(i);
        }
        int segments = instance.module().dataSection().dataSegmentCount();
        boolean[] dropped = new boolean[segments];
        for (int i = 0; i < segments; i++) {
            dropped[i] = instance.dataSegmentData(i).length == 0;
        }
        return new InstanceImage(images, new State(low, high, refs, owners, elements, dropped));
    }

    private static List<PagedMemory.Image> memories(Instance instance) {
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
        return List.copyOf(images);
    }

    private static boolean plainValue(ValType type) {
        return type.isNumeric() || type.opcode() == ValType.ID.V128;
    }

    /** A nullable or not reference to any function ({@code funcref}); typed function references are not. */
    private static boolean isFuncRef(ValType type) {
        return type.isReference()
                && (type.typeIdx() == ValType.TypeIdxCode.FUNC.code()
                        || type.typeIdx() == ValType.TypeIdxCode.NOFUNC.code());
    }

    private static int indexOf(List<Instance> peers, Instance instance) {
        for (int i = 0; i < peers.size(); i++) {
            if (peers.get(i) == instance) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Ends the initialisation of an instance made from a memory image: its memories (already holding
     * what every data segment wrote into them) write again when zeroed or initialised. Called once
     * every core instance of a component exists, since a later instance initialises memories it
     * imports.
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

    /**
     * Ends the initialisation of {@code instance}, made from this image, once every core instance made
     * with it exists ({@code peers}, in the order of the template's peers): a full image also restores
     * the globals, tables and dropped segments the template's start functions left.
     */
    public void initialised(Instance instance, List<Instance> peers) {
        if (state != null) {
            restore(instance, peers);
        }
        initialised(instance);
    }

    private void restore(Instance instance, List<Instance> peers) {
        int importedGlobals = instance.imports().globalCount();
        for (int i = 0; i < state.globalLow().length; i++) {
            GlobalInstance g = instance.global(importedGlobals + i);
            g.setValueLow(state.globalLow()[i]);
            g.setValueHigh(state.globalHigh()[i]);
        }
        int importedTables = instance.imports().tableCount();
        for (int t = 0; t < state.tableRefs().length; t++) {
            TableInstance table = instance.table(importedTables + t);
            int[] refs = state.tableRefs()[t];
            int[] owners = state.tableOwners()[t];
            if (table.size() != refs.length) {
                throw new IllegalStateException("table " + (importedTables + t) + " of module "
                        + instance.module().digest() + " has " + table.size() + " entries, its image " + refs.length);
            }
            for (int k = 0; k < refs.length; k++) {
                table.setRef(k, refs[k], owners[k] == NO_OWNER ? null : peers.get(owners[k]));
            }
        }
        Element[] elements = state.elements();
        for (int i = 0; i < elements.length; i++) {
            if (instance.element(i) != elements[i]) {
                instance.setElement(i, elements[i]);
            }
        }
        boolean[] dropped = state.droppedData();
        for (int i = 0; i < dropped.length; i++) {
            if (dropped[i]) {
                instance.dropDataSegment(i);
            }
        }
    }

    /** Whether this image holds globals and tables too: instances made from it skip the start function. */
    boolean full() {
        return state != null;
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
