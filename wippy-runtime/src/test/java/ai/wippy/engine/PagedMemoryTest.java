package ai.wippy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The paged memory answers every access as Chicory's flat {@link ByteArrayMemory} does, across
 * block and page boundaries, and its images stay unchanged whatever the memories made from them do.
 */
class PagedMemoryTest {

    static PagedMemory paged(int pages, int max) {
        return new PagedMemory(pages, max, null, null, null);
    }

    @Test
    void randomAccessesMatchAFlatMemory() {
        PagedMemory paged = paged(2, 4);
        Memory flat = new ByteArrayMemory(new MemoryLimits(2, 4));
        Random random = new Random(17);
        int size = 2 * Memory.PAGE_SIZE;
        for (int i = 0; i < 20_000; i++) {
            // addresses near 4 KiB boundaries half of the time
            int addr = random.nextBoolean()
                    ? random.nextInt(size - 16)
                    : Math.max(0, (random.nextInt(size / 4096) * 4096) - random.nextInt(8));
            long value = random.nextLong();
            switch (random.nextInt(8)) {
                case 0 -> {
                    paged.writeI32(addr, (int) value);
                    flat.writeI32(addr, (int) value);
                }
                case 1 -> {
                    paged.writeLong(addr, value);
                    flat.writeLong(addr, value);
                }
                case 2 -> {
                    paged.writeShort(addr, (short) value);
                    flat.writeShort(addr, (short) value);
                }
                case 3 -> {
                    paged.writeByte(addr, (byte) value);
                    flat.writeByte(addr, (byte) value);
                }
                case 4 -> {
                    byte[] data = new byte[random.nextInt(9000)];
                    random.nextBytes(data);
                    int at = Math.min(addr, size - data.length);
                    paged.write(at, data, 0, data.length);
                    flat.write(at, data, 0, data.length);
                }
                case 5 -> {
                    int n = random.nextInt(9000);
                    int to = Math.min(addr, size - n);
                    int from = Math.max(0, Math.min(size - n, to + random.nextInt(200) - 100));
                    paged.copy(to, from, n);
                    flat.copy(to, from, n);
                }
                case 6 -> {
                    int n = random.nextInt(9000);
                    int at = Math.min(addr, size - n);
                    paged.fill((byte) value, at, at + n);
                    flat.fill((byte) value, at, at + n);
                }
                default -> {
                    assertThat(paged.readLong(addr)).isEqualTo(flat.readLong(addr));
                    assertThat(paged.readInt(addr)).isEqualTo(flat.readInt(addr));
                    assertThat(paged.readShort(addr)).isEqualTo(flat.readShort(addr));
                    assertThat(paged.readU16(addr)).isEqualTo(flat.readU16(addr));
                    assertThat(paged.read(addr)).isEqualTo(flat.read(addr));
                }
            }
        }
        assertThat(paged.readBytes(0, size)).isEqualTo(flat.readBytes(0, size));
    }

    @Test
    void accessesPastTheEndTrapAndGrowthIsInPages() {
        PagedMemory m = paged(1, 2);
        assertThatThrownBy(() -> m.readInt(Memory.PAGE_SIZE - 2)).hasMessageContaining("out of bounds");
        assertThatThrownBy(() -> m.writeLong(Memory.PAGE_SIZE - 4, 1)).hasMessageContaining("out of bounds");
        assertThatThrownBy(() -> m.read(-1)).hasMessageContaining("out of bounds");
        assertThatThrownBy(() -> m.writeByte(Memory.PAGE_SIZE, (byte) 1)).hasMessageContaining("out of bounds");
        assertThat(m.pages()).isEqualTo(1);
        assertThat(m.grow(1)).isEqualTo(1);
        assertThat(m.pages()).isEqualTo(2);
        assertThat(m.grow(1)).as("past the maximum").isEqualTo(-1);
        m.writeI32(Memory.PAGE_SIZE - 2, 0x11223344);
        assertThat(m.readInt(Memory.PAGE_SIZE - 2)).isEqualTo(0x11223344);
        assertThat(m.readInt(2 * Memory.PAGE_SIZE - 4)).isZero();
    }

    @Test
    void anImageNeverChangesAndItsMemoriesNeverShareWrites() {
        PagedMemory first = paged(1, 1);
        first.writeI32(100, 7);
        first.writeI32(5000, 8);
        PagedMemory.Image image = first.capture();
        PagedMemory a = new PagedMemory(1, 1, null, null, image);
        PagedMemory b = new PagedMemory(1, 1, null, null, image);
        a.initialised();
        b.initialised();
        assertThat(image.privateBytes())
                .as("two blocks written, the rest shared zeros")
                .isEqualTo(2 * 4096);
        first.writeI32(100, 70);
        a.writeI32(100, 71);
        a.writeI32(9000, 72);
        assertThat(b.readInt(100)).isEqualTo(7);
        assertThat(b.readInt(9000)).isZero();
        assertThat(a.readInt(5000)).isEqualTo(8);
        assertThat(first.readInt(100)).isEqualTo(70);
        PagedMemory c = new PagedMemory(1, 1, null, null, image);
        assertThat(c.readInt(100)).isEqualTo(7);
        assertThat(c.readInt(5000)).isEqualTo(8);
        c.zero();
        assertThat(c.readInt(100))
                .as("a memory made from an image is not zeroed while it initialises")
                .isEqualTo(7);
        c.initialised();
        c.zero();
        assertThat(c.readInt(100)).isZero();
        assertThat(new PagedMemory(1, 1, null, null, image).readInt(100)).isEqualTo(7);
    }
}
