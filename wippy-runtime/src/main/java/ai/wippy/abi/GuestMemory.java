package ai.wippy.abi;

import com.dylibso.chicory.runtime.Memory;

/**
 * Bounds-checked access to a guest's linear memory. Pointers and lengths from the guest are
 * unsigned 32-bit values; every range is checked against the current memory size before touching it,
 * so a hostile pointer becomes a trap with the offending range in the message.
 */
final class GuestMemory {

    final Memory memory;

    GuestMemory(Memory memory) {
        if (memory == null) {
            throw Traps.trap("the guest exports no memory, which strings, lists and spilled values need");
        }
        this.memory = memory;
    }

    long byteSize() {
        return (long) memory.pages() * Memory.PAGE_SIZE;
    }

    /** Checks that [ptr, ptr+length) lies in memory and that ptr is aligned; returns ptr as an int. */
    int check(long ptr, long length, int alignment, String what) {
        if (!fits(ptr, length, alignment)) {
            throw outside(ptr, length, alignment, what);
        }
        return (int) ptr;
    }

    /** {@link #check(long, long, int, String)} naming the range by its type, described only on a trap. */
    int check(long ptr, long length, int alignment, ai.wippy.wit.WitType what) {
        if (!fits(ptr, length, alignment)) {
            throw outside(ptr, length, alignment, what.describe());
        }
        return (int) ptr;
    }

    /**
     * {@link #check(long, long, int, String)} naming the range {@code prefix} then {@code what} (a
     * string, or a type by its description), joined only on a trap.
     */
    int check(long ptr, long length, int alignment, String prefix, Object what) {
        if (!fits(ptr, length, alignment)) {
            throw outside(ptr, length, alignment, prefix + name(what));
        }
        return (int) ptr;
    }

    /** What a range or value is called in a message: a type by its description, else the string. */
    static String name(Object what) {
        return what instanceof ai.wippy.wit.WitType t ? t.describe() : String.valueOf(what);
    }

    private boolean fits(long ptr, long length, int alignment) {
        return (ptr & (alignment - 1)) == 0 && ptr >= 0 && length >= 0 && ptr + length <= byteSize();
    }

    private RuntimeException outside(long ptr, long length, int alignment, String what) {
        if ((ptr & (alignment - 1)) != 0) {
            return Traps.trap(what + " at " + ptr + " is not aligned to " + alignment + " bytes");
        }
        return Traps.trap(what + " [" + ptr + ", " + (ptr + length) + ") is outside the guest memory of " + byteSize()
                + " bytes");
    }

    static long unsigned(int v) {
        return v & 0xFFFF_FFFFL;
    }

    int u8(int ptr) {
        return memory.read(ptr) & 0xFF;
    }

    int u16(int ptr) {
        return memory.readShort(ptr) & 0xFFFF;
    }

    int i32(int ptr) {
        return memory.readInt(ptr);
    }

    long i64(int ptr) {
        return memory.readLong(ptr);
    }

    byte[] bytes(int ptr, int length) {
        return length == 0 ? new byte[0] : memory.readBytes(ptr, length);
    }

    void putU8(int ptr, int v) {
        memory.writeByte(ptr, (byte) v);
    }

    void putU16(int ptr, int v) {
        memory.writeShort(ptr, (short) v);
    }

    void putI32(int ptr, int v) {
        memory.writeI32(ptr, v);
    }

    void putI64(int ptr, long v) {
        memory.writeLong(ptr, v);
    }

    /** The unsigned number of {@code size} bytes (1, 2 or 4: a discriminant, flags) at {@code ptr}. */
    long uint(int ptr, int size) {
        return size == 1 ? u8(ptr) : size == 2 ? u16(ptr) : unsigned(i32(ptr));
    }

    void putUint(int ptr, int size, int disc) {
        switch (size) {
            case 1 -> putU8(ptr, disc);
            case 2 -> putU16(ptr, disc);
            default -> putI32(ptr, disc);
        }
    }

    void putBytes(int ptr, byte[] bytes) {
        if (bytes.length > 0) {
            memory.write(ptr, bytes);
        }
    }
}
