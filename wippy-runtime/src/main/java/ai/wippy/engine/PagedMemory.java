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
 * <p>Why one file of some 500 lines: Chicory's {@link Memory} has about forty methods, and each is a
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
        byte[][] pages = read.clone();
        for (int i = 0; i < pages.length; i++) {
            if (pages[i] != ZERO && Arrays.equals(pages[i], ZERO)) {
                pages[i] = ZERO;
                read[i] = ZERO;
            }
        }
        Arrays.fill(write, null);
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
        }
        return p;
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
        return (long) read.length * BLOCK;
    }

    private void check(int addr, long size) {
        long a = Integer.toUnsignedLong(addr);
        if (size < 0 || a + size > limit()) {
            throw outOfBounds(addr, size, limit());
        }
    }

    @Override
    public int pages() {
        return read.length / PER_PAGE;
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
        while (size > 0) {
            int o = addr & MASK;
            int chunk = Math.min(size, BLOCK - o);
            System.arraycopy(data, offset, writable(addr >>> SHIFT), o, chunk);
            addr += chunk;
            offset += chunk;
            size -= chunk;
        }
    }

    @Override
    public byte read(int addr) {
        try {
            return read[addr >>> SHIFT][addr & MASK];
        } catch (ArrayIndexOutOfBoundsException e) {
            throw outOfBounds(addr, 1, limit());
        }
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        check(addr, len);
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
        byte[] p = writeBlock(addr, 1);
        if (p == null) {
            throw outOfBounds(addr, 1, limit());
        }
        p[addr & MASK] = data;
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
        byte[] p = writeBlock(addr, size);
        if (p == null) {
            slowWrite(addr, data, size);
            return;
        }
        int o = addr & MASK;
        switch (size) {
            case 2 -> SHORT.set(p, o, (short) data);
            case 4 -> INT.set(p, o, (int) data);
            default -> LONG.set(p, o, data);
        }
    }

    /** Reads {@code size} (2, 4 or 8) bytes at {@code addr}, little-endian, sign-extended. */
    private long get(int addr, int size) {
        byte[] p = readBlock(addr, size);
        if (p == null) {
            return slowRead(addr, size);
        }
        int o = addr & MASK;
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
        Arrays.fill(read, ZERO);
        Arrays.fill(write, null);
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        long size = (long) toIndex - fromIndex;
        check(fromIndex, size);
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
    }

    @Override
    public void copy(int dest, int src, int size) {
        check(dest, size);
        check(src, size);
        if (size == 0) {
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
    }

    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }
}
