package ai.wippy.engine;

import static com.dylibso.chicory.runtime.ConstantEvaluators.computeConstantValue;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The guest memory of every instance the runtime creates (non-shared memories): 4 KiB blocks held
 * as byte arrays, copy-on-write. A block nobody wrote is the one shared zero block; a memory made
 * from an {@link Image} (an instance template) starts with the template's blocks and copies a block
 * only when it first writes to it, so creating it costs two arrays of references whatever its size,
 * and a guest that writes a few bytes copies 4 KiB, not a whole 64 KiB page.
 *
 * <p>Reads go to {@code read[block]}; writes go to {@code write[block]}, which is null while the
 * block is still shared (then it is copied first). Sizes and growth are in WebAssembly pages (16
 * blocks). Growth asks the instance's {@link GuestMemoryBudget.Lease} before it happens and answers
 * -1 when the budget is spent; the budget is charged for every page the memory has, shared or not,
 * so sharing never lets an instance exceed what it holds.
 *
 * <p>A memory that has copied half of its blocks becomes <em>flat</em>: one byte array of its whole
 * size, so that each access is one array lookup. The compiled guest checks for interruption on
 * every loop edge, a volatile read after which the JIT loads the memory's fields again, and on the
 * two-level block arrays that reload costs a hot loop over memory about 1.6 times its time (B2 in
 * docs/instance-templates.md). Becoming flat copies what the memory holds once, at most as much again
 * as it already copied block by block; a memory above {@link #FLAT_MAX_BYTES} stays in blocks, so
 * the copy never doubles a large memory on the heap. A flat memory becomes blocks again when it is
 * captured (an image is blocks), zeroed, or grows past that size.
 *
 * <p>Why one file of some 600 lines: Chicory's {@link Memory} has about forty methods, and each is a
 * few lines on the same two block arrays, which no other class may touch; the rest ({@link Image})
 * is the frozen form of those arrays.
 */
final class PagedMemory implements Memory {

    /** The unit of sharing and copying: 4 KiB, so a guest writing a few bytes copies little. */
    private static final int BLOCK = 4096;

    private static final int SHIFT = 12;
    private static final int MASK = BLOCK - 1;
    /** Blocks per WebAssembly page (64 KiB). */
    private static final int PER_PAGE = PAGE_SIZE / BLOCK;

    /** The largest memory that becomes flat: 64 MiB (1,024 pages). */
    static final int FLAT_MAX_BYTES = 64 << 20;

    private static final byte[] ZERO = new byte[BLOCK];
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int initialPages;
    private final int maximumPages;
    private final GuestMemoryBudget.Lease lease;
    private final GuestMemoryBudget.Reservation reservation;
    private byte[][] read;
    private byte[][] write;
    /** The whole memory while it is flat, else null (then {@link #read} and {@link #write} hold it). */
    private byte[] flat;
    /** Blocks copied since the memory last started sharing (made, captured, zeroed): when to become flat. */
    private int copies;

    private DataSegment[] dataSegments;
    /** Made from an image whose instance was already initialised: the next zero/initialize write nothing. */
    private boolean initialised;

    PagedMemory(
            int initialPages,
            int maximumPages,
            GuestMemoryBudget.Lease lease,
            GuestMemoryBudget.Reservation reservation,
            Image image) {
        this.initialPages = initialPages;
        this.maximumPages = Math.min(maximumPages, RUNTIME_MAX_PAGES);
        this.lease = lease;
        this.reservation = reservation;
        if (image == null) {
            this.read = new byte[initialPages * PER_PAGE][];
            Arrays.fill(read, ZERO);
        } else {
            this.read = image.pages.clone();
            this.initialised = true;
        }
        this.write = new byte[read.length][];
    }

    /**
     * The pages of a memory at one moment, immutable: what a template keeps. Pages that hold only
     * zeros are the shared zero page.
     */
    static final class Image {
        private final byte[][] pages;
        private final int initialPages;
        private final int maximumPages;

        private Image(byte[][] pages, int initialPages, int maximumPages) {
            this.pages = pages;
            this.initialPages = initialPages;
            this.maximumPages = maximumPages;
        }

        /** Size in WebAssembly pages. */
        int pages() {
            return pages.length / PER_PAGE;
        }

        int initialPages() {
            return initialPages;
        }

        int maximumPages() {
            return maximumPages;
        }

        /** Bytes of the blocks that hold something other than zeros (what the image costs on the heap). */
        long privateBytes() {
            long n = 0;
            for (byte[] p : pages) {
                if (p != ZERO) {
                    n += BLOCK;
                }
            }
            return n;
        }
    }

    /**
     * Takes an image of the memory as it is now. The memory keeps working: its pages become shared
     * with the image, so its next write to a page copies that page first and the image never changes.
     */
    Image capture() {
        if (flat != null) {
            toBlocks();
        }
        byte[][] pages = read.clone();
        for (int i = 0; i < pages.length; i++) {
            if (pages[i] != ZERO && Arrays.equals(pages[i], ZERO)) {
                pages[i] = ZERO;
                read[i] = ZERO;
            }
        }
        Arrays.fill(write, null);
        copies = 0;
        return new Image(pages, initialPages, maximumPages);
    }

    /** Ends the initialisation of a memory made from an image: zero and initialize write again. */
    void initialised() {
        initialised = false;
    }

    /** The page {@code index}, private to this memory (copied from the shared one on first write). */
    private byte[] writable(int index) {
        byte[] p = write[index];
        if (p == null) {
            byte[] shared = read[index];
            p = shared == ZERO ? new byte[BLOCK] : shared.clone();
            write[index] = p;
            read[index] = p;
            copies++;
        }
        return p;
    }

    /** Whether the memory is flat now (one array), for tests. */
    boolean isFlat() {
        return flat != null;
    }

    /**
     * Becomes flat once half of the blocks are copies, if the memory is small enough. Called after a
     * write that copied a block has completed, never while a caller holds a block.
     */
    private void flattenIfDue() {
        if (flat == null && copies * 2L >= read.length && copies > 0 && limit() <= FLAT_MAX_BYTES) {
            byte[] f = new byte[(int) limit()];
            for (int i = 0; i < read.length; i++) {
                if (read[i] != ZERO) {
                    System.arraycopy(read[i], 0, f, i << SHIFT, BLOCK);
                }
            }
            flat = f;
            read = null;
            write = null;
        }
    }

    /** A flat memory becomes blocks again, every block its own (none shared with an image). */
    private void toBlocks() {
        byte[] f = flat;
        int blocks = f.length >>> SHIFT;
        byte[][] r = new byte[blocks][];
        for (int i = 0; i < blocks; i++) {
            r[i] = Arrays.copyOfRange(f, i << SHIFT, (i + 1) << SHIFT);
        }
        read = r;
        write = r.clone();
        copies = blocks;
        flat = null;
    }

    /**
     * The block to write {@code size} bytes at {@code addr} into (copied first while shared), or null
     * when they cross into the next block or lie past the end.
     */
    private byte[] writeBlock(int addr, int size) {
        int index = addr >>> SHIFT;
        if ((addr & MASK) > BLOCK - size || index >= write.length) {
            return null;
        }
        byte[] p = write[index];
        return p != null ? p : writable(index);
    }

    /** The block holding the {@code size} bytes at {@code addr}, or null when they cross into the next block. */
    private byte[] readBlock(int addr, int size) {
        if ((addr & MASK) > BLOCK - size) {
            return null;
        }
        int index = addr >>> SHIFT;
        if (index >= read.length) {
            throw outOfBounds(addr, size, limit());
        }
        return read[index];
    }

    private static WasmRuntimeException outOfBounds(int addr, long size, long limit) {
        return new WasmRuntimeException("out of bounds memory access: attempted to access address: "
                + Integer.toUnsignedString(addr) + " but limit is: " + limit + " and size: " + size);
    }

    private long limit() {
        byte[] f = flat;
        return f != null ? f.length : (long) read.length * BLOCK;
    }

    private void check(int addr, long size) {
        long a = Integer.toUnsignedLong(addr);
        if (size < 0 || a + size > limit()) {
            throw outOfBounds(addr, size, limit());
        }
    }

    @Override
    public int pages() {
        return (int) (limit() / PAGE_SIZE);
    }

    @Override
    public int grow(int size) {
        int previous = pages();
        if (size < 0) {
            return -1;
        }
        if (size == 0) {
            return previous;
        }
        long next = (long) previous + size;
        if (next > maximumPages) {
            return -1;
        }
        if (lease != null && !lease.grow(reservation, size)) {
            return -1;
        }
        if (flat != null) {
            if (next * PAGE_SIZE <= FLAT_MAX_BYTES) {
                flat = Arrays.copyOf(flat, (int) next * PAGE_SIZE);
                return previous;
            }
            toBlocks();
        }
        int blocks = (int) next * PER_PAGE;
        byte[][] r = Arrays.copyOf(read, blocks);
        Arrays.fill(r, read.length, blocks, ZERO);
        write = Arrays.copyOf(write, blocks);
        read = r;
        return previous;
    }

    @Override
    public int initialPages() {
        return initialPages;
    }

    @Override
    public int maximumPages() {
        return maximumPages;
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    @SuppressWarnings("removal")
    public Object lock(int address) {
        return this;
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, int expected, long timeout) {
        throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, long expected, long timeout) {
        throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
    }

    @Override
    @SuppressWarnings("removal")
    public int notify(int address, int maxThreads) {
        return 0;
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {
        initialize(instance, dataSegments, 0);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
        this.dataSegments = dataSegments;
        if (dataSegments == null || initialised) {
            // an image already holds every segment (and what the start functions wrote)
            return;
        }
        for (DataSegment s : dataSegments) {
            if (s instanceof ActiveDataSegment segment) {
                if (segment.index() != memoryIndex) {
                    continue;
                }
                byte[] data = segment.data();
                int offset = (int) computeConstantValue(instance, segment.offsetInstructions())[0];
                long end = Integer.toUnsignedLong(offset) + data.length;
                if (end > limit()) {
                    throw new UninstantiableException("out of bounds memory access: data segment at " + offset + " of "
                            + data.length + " bytes, memory has " + limit());
                }
                write(offset, data, 0, data.length);
            } else if (!(s instanceof PassiveDataSegment)) {
                throw new ChicoryException("Data segment should be active or passive: " + s);
            }
        }
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        write(dest, dataSegments[segmentId].data(), offset, size);
    }

    @Override
    public void write(int addr, byte[] data, int offset, int size) {
        if (offset < 0 || size < 0 || (long) offset + size > data.length) {
            throw outOfBounds(offset, size, data.length);
        }
        check(addr, size);
        if (flat != null) {
            System.arraycopy(data, offset, flat, addr, size);
            return;
        }
        while (size > 0) {
            int o = addr & MASK;
            int chunk = Math.min(size, BLOCK - o);
            System.arraycopy(data, offset, writable(addr >>> SHIFT), o, chunk);
            addr += chunk;
            offset += chunk;
            size -= chunk;
        }
        flattenIfDue();
    }

    @Override
    public byte read(int addr) {
        try {
            byte[] f = flat;
            return f != null ? f[addr] : read[addr >>> SHIFT][addr & MASK];
        } catch (ArrayIndexOutOfBoundsException e) {
            throw outOfBounds(addr, 1, limit());
        }
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        check(addr, len);
        if (flat != null) {
            return Arrays.copyOfRange(flat, addr, addr + len);
        }
        byte[] out = new byte[len];
        int at = 0;
        while (at < len) {
            int o = addr & MASK;
            int chunk = Math.min(len - at, BLOCK - o);
            System.arraycopy(read[addr >>> SHIFT], o, out, at, chunk);
            addr += chunk;
            at += chunk;
        }
        return out;
    }

    @Override
    public void writeByte(int addr, byte data) {
        byte[] f = flat;
        if (f != null) {
            try {
                f[addr] = data;
                return;
            } catch (ArrayIndexOutOfBoundsException e) {
                throw outOfBounds(addr, 1, limit());
            }
        }
        int before = copies;
        byte[] p = writeBlock(addr, 1);
        if (p == null) {
            throw outOfBounds(addr, 1, limit());
        }
        p[addr & MASK] = data;
        if (copies != before) {
            flattenIfDue();
        }
    }

    @Override
    public void writeShort(int addr, short data) {
        put(addr, 2, data);
    }

    @Override
    public void writeI32(int addr, int data) {
        put(addr, 4, data);
    }

    @Override
    public void writeLong(int addr, long data) {
        put(addr, 8, data);
    }

    /** Writes the low {@code size} (2, 4 or 8) bytes of {@code data} at {@code addr}, little-endian. */
    private void put(int addr, int size, long data) {
        byte[] f = flat;
        if (f != null) {
            if (addr < 0 || addr > f.length - size) {
                throw outOfBounds(addr, size, f.length);
            }
            set(f, addr, size, data);
            return;
        }
        int before = copies;
        byte[] p = writeBlock(addr, size);
        if (p == null) {
            slowWrite(addr, data, size);
        } else {
            set(p, addr & MASK, size, data);
        }
        if (copies != before) {
            flattenIfDue();
        }
    }

    private static void set(byte[] p, int o, int size, long data) {
        switch (size) {
            case 2 -> SHORT.set(p, o, (short) data);
            case 4 -> INT.set(p, o, (int) data);
            default -> LONG.set(p, o, data);
        }
    }

    /** Reads {@code size} (2, 4 or 8) bytes at {@code addr}, little-endian, sign-extended. */
    private long get(int addr, int size) {
        byte[] f = flat;
        if (f != null) {
            if (addr < 0 || addr > f.length - size) {
                throw outOfBounds(addr, size, f.length);
            }
            return value(f, addr, size);
        }
        byte[] p = readBlock(addr, size);
        if (p == null) {
            return slowRead(addr, size);
        }
        return value(p, addr & MASK, size);
    }

    private static long value(byte[] p, int o, int size) {
        return switch (size) {
            case 2 -> (short) SHORT.get(p, o);
            case 4 -> (int) INT.get(p, o);
            default -> (long) LONG.get(p, o);
        };
    }

    private void slowWrite(int addr, long data, int size) {
        check(addr, size);
        for (int i = 0; i < size; i++) {
            writeByte(addr + i, (byte) (data >>> (8 * i)));
        }
    }

    private long slowRead(int addr, int size) {
        check(addr, size);
        long v = 0;
        for (int i = 0; i < size; i++) {
            int a = addr + i;
            v |= (read[a >>> SHIFT][a & MASK] & 0xFFL) << (8 * i);
        }
        return v;
    }

    @Override
    public short readShort(int addr) {
        return (short) get(addr, 2);
    }

    @Override
    public int readInt(int addr) {
        return (int) get(addr, 4);
    }

    @Override
    public long readLong(int addr) {
        return get(addr, 8);
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public void writeF32(int addr, float data) {
        writeI32(addr, Float.floatToRawIntBits(data));
    }

    @Override
    public long readF32(int addr) {
        return readInt(addr);
    }

    @Override
    public float readFloat(int addr) {
        return Float.intBitsToFloat(readInt(addr));
    }

    @Override
    public void writeF64(int addr, double data) {
        writeLong(addr, Double.doubleToRawLongBits(data));
    }

    @Override
    public double readDouble(int addr) {
        return Double.longBitsToDouble(readLong(addr));
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    @Override
    public void zero() {
        if (initialised) {
            return;
        }
        if (flat != null) {
            read = new byte[flat.length >>> SHIFT][];
            write = new byte[read.length][];
            flat = null;
        }
        Arrays.fill(read, ZERO);
        Arrays.fill(write, null);
        copies = 0;
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        long size = (long) toIndex - fromIndex;
        check(fromIndex, size);
        if (flat != null) {
            Arrays.fill(flat, fromIndex, toIndex, value);
            return;
        }
        int addr = fromIndex;
        while (size > 0) {
            int o = addr & MASK;
            int chunk = (int) Math.min(size, BLOCK - o);
            int index = addr >>> SHIFT;
            if (value == 0 && chunk == BLOCK) {
                read[index] = ZERO;
                write[index] = null;
            } else {
                byte[] p = writable(index);
                Arrays.fill(p, o, o + chunk, value);
            }
            addr += chunk;
            size -= chunk;
        }
        flattenIfDue();
    }

    @Override
    public void copy(int dest, int src, int size) {
        check(dest, size);
        check(src, size);
        if (size == 0) {
            return;
        }
        if (flat != null) {
            System.arraycopy(flat, src, flat, dest, size);
            return;
        }
        if (Integer.compareUnsigned(dest, src) > 0 && Integer.compareUnsigned(dest, src + size) < 0) {
            // overlapping with dest after src: backwards, one chunk at a time
            int end = size;
            while (end > 0) {
                int d = dest + end;
                int s = src + end;
                int dIn = (d & MASK) == 0 ? BLOCK : d & MASK;
                int sIn = (s & MASK) == 0 ? BLOCK : s & MASK;
                int chunk = Math.min(end, Math.min(dIn, sIn));
                d -= chunk;
                s -= chunk;
                byte[] to = writable(d >>> SHIFT);
                System.arraycopy(read[s >>> SHIFT], s & MASK, to, d & MASK, chunk);
                end -= chunk;
            }
        } else {
            while (size > 0) {
                int dOff = dest & MASK;
                int sOff = src & MASK;
                int chunk = Math.min(size, BLOCK - Math.max(dOff, sOff));
                byte[] to = writable(dest >>> SHIFT);
                System.arraycopy(read[src >>> SHIFT], sOff, to, dOff, chunk);
                dest += chunk;
                src += chunk;
                size -= chunk;
            }
        }
        flattenIfDue();
    }

    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }
}
