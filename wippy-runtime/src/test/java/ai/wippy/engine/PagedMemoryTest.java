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
        int size = 2 * Memory.PAGE_SIZE;
        randomAccesses(paged, flat, size, 17);
        assertThat(paged.isFlat()).as("half of its blocks were copied").isTrue();
        assertThat(paged.readBytes(0, size)).isEqualTo(flat.readBytes(0, size));
    }

    @Test
    void randomAccessesInBlocksMatchAFlatMemory() {
        // 16 pages (256 blocks), the accesses within the first 2 pages (32 blocks): it stays in blocks
        PagedMemory paged = paged(16, 16);
        Memory flat = new ByteArrayMemory(new MemoryLimits(16, 16));
        randomAccesses(paged, flat, 2 * Memory.PAGE_SIZE, 18);
        assertThat(paged.isFlat()).isFalse();
        int size = 16 * Memory.PAGE_SIZE;
        assertThat(paged.readBytes(0, size)).isEqualTo(flat.readBytes(0, size));
    }

    @Test
    void aFlatMemoryGrowsTrapsZeroesAndCapturesAsBlocks() {
        PagedMemory m = paged(1, 3);
        for (int i = 0; i < 8; i++) {
            m.writeI32(i * 4096 + 8, i + 1);
        }
        assertThat(m.isFlat()).as("8 of 16 blocks copied").isTrue();
        assertThat(m.readInt(7 * 4096 + 8)).isEqualTo(8);
        assertThatThrownBy(() -> m.readInt(Memory.PAGE_SIZE - 2)).hasMessageContaining("out of bounds");
        assertThatThrownBy(() -> m.writeLong(Memory.PAGE_SIZE - 4, 1)).hasMessageContaining("out of bounds");
        assertThatThrownBy(() -> m.read(-1)).hasMessageContaining("out of bounds");
        assertThatThrownBy(() -> m.readLong(-4)).hasMessageContaining("out of bounds");
        assertThatThrownBy(() -> m.writeByte(Memory.PAGE_SIZE, (byte) 1)).hasMessageContaining("out of bounds");
        assertThatThrownBy(() -> m.writeShort(-1, (short) 1)).hasMessageContaining("out of bounds");
        assertThatThrownBy(() -> m.copy(0, Memory.PAGE_SIZE - 10, 11)).hasMessageContaining("out of bounds");
        assertThatThrownBy(() -> m.fill((byte) 1, Memory.PAGE_SIZE - 10, Memory.PAGE_SIZE + 1))
                .hasMessageContaining("out of bounds");
        assertThatThrownBy(() -> m.readBytes(Memory.PAGE_SIZE - 1, 2)).hasMessageContaining("out of bounds");

        assertThat(m.grow(1)).isEqualTo(1);
        assertThat(m.isFlat()).isTrue();
        assertThat(m.pages()).isEqualTo(2);
        m.writeLong(2 * Memory.PAGE_SIZE - 8, 0x0102030405060708L);
        assertThat(m.readLong(2 * Memory.PAGE_SIZE - 8)).isEqualTo(0x0102030405060708L);
        assertThat(m.readInt(3 * 4096 + 8)).isEqualTo(4);

        PagedMemory.Image image = m.capture();
        assertThat(m.isFlat()).as("an image is blocks").isFalse();
        assertThat(image.pages()).isEqualTo(2);
        assertThat(image.privateBytes()).as("9 blocks hold something").isEqualTo(9 * 4096);
        m.writeI32(8, 100);
        PagedMemory copy = new PagedMemory(1, 3, null, null, image);
        copy.initialised();
        assertThat(copy.readInt(8)).as("the image never sees later writes").isEqualTo(1);
        assertThat(copy.readLong(2 * Memory.PAGE_SIZE - 8)).isEqualTo(0x0102030405060708L);
        assertThat(m.readInt(8)).isEqualTo(100);

        for (int i = 0; i < 16; i++) {
            copy.writeByte(i * 4096, (byte) 9);
        }
        assertThat(copy.isFlat()).isTrue();
        assertThat(copy.read(0)).isEqualTo((byte) 9);
        assertThat(copy.readInt(8)).isEqualTo(1);
        assertThat(new PagedMemory(1, 3, null, null, image).readInt(8))
                .as("a memory made from the image that became flat left the image alone")
                .isEqualTo(1);
        copy.zero();
        assertThat(copy.isFlat()).isFalse();
        assertThat(copy.pages()).isEqualTo(2);
        assertThat(copy.readInt(8)).isZero();
    }

    @Test
    void aMemoryAboveTheFlatLimitStaysInBlocks() {
        int pages = PagedMemory.FLAT_MAX_BYTES / Memory.PAGE_SIZE + 1;
        PagedMemory m = paged(pages, pages);
        byte[] block = new byte[4096];
        java.util.Arrays.fill(block, (byte) 5);
        for (int at = 0; at < pages * Memory.PAGE_SIZE; at += 4096) {
            m.write(at, block, 0, block.length);
        }
        assertThat(m.isFlat()).isFalse();
        assertThat(m.read(pages * Memory.PAGE_SIZE - 1)).isEqualTo((byte) 5);
    }

    private static void randomAccesses(PagedMemory paged, Memory flat, int size, long seed) {
        Random random = new Random(seed);
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
