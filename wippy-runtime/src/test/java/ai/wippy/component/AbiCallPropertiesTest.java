package ai.wippy.component;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.abi.FuzzTypes;
import ai.wippy.wit.WitType;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The component path of the canonical ABI ({@link AbiCall} over {@link AbiLayout}) on random guest
 * memory, pointers, lengths and flat values: lifting produces a value or a {@link ComponentTrap}
 * with a message, never any other exception, and never allocates past the call's lifting limit.
 * Fixed seed ({@link FuzzTypes#SEED}); {@code -Dwippy.fuzz.tries=N} runs each property N times.
 */
class AbiCallPropertiesTest {

    private static final FunctionType REALLOC =
            FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));

    @Provide
    Arbitrary<WitType> witTypes() {
        return FuzzTypes.witTypes();
    }

    @Provide
    Arbitrary<Integer> pointers() {
        return FuzzTypes.pointers();
    }

    @Provide
    Arbitrary<Integer> lengths() {
        return FuzzTypes.lengths();
    }

    /** One page of guest memory with {@code noise} at {@code at}, a bump allocator, a handle table. */
    private static CanonOptions guest(byte[] noise, int at, int encoding, long maxLiftBytes) {
        Memory memory = new ByteArrayMemory(new MemoryLimits(1, 1));
        for (int i = 0; i < noise.length; i++) {
            memory.writeByte((at + i) % 65_536, noise[i]);
        }
        int[] next = {1024};
        CoreFunc realloc = CoreFunc.of(REALLOC, a -> {
            int align = (int) a[2];
            next[0] = (next[0] + align - 1) / align * align;
            int ptr = next[0];
            next[0] += (int) a[3];
            return new long[] {ptr};
        });
        return new CanonOptions(memory, realloc, null, encoding, new InstanceResources(), maxLiftBytes);
    }

    private static void liftsOrTraps(Runnable lift) {
        try {
            lift.run();
        } catch (ComponentTrap expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(seed = FuzzTypes.SEED)
    void loadingFromRandomMemoryOnlyTraps(
            @ForAll("witTypes") WitType type,
            @ForAll("pointers") int ptr,
            @ForAll @Size(max = 4096) byte[] noise,
            @ForAll("pointers") int noiseAt,
            @ForAll("lengths") int length,
            @ForAll @IntRange(min = 0, max = 2) int encoding) {
        CanonOptions o = guest(noise, Math.floorMod(noiseAt, 65_536), encoding, 1 << 20);
        // plant a plausible (pointer, length) pair, so nested loads are exercised
        int slot = Math.floorMod(ptr, 65_528) & ~7;
        o.memory().writeI32(slot, Math.floorMod(noiseAt, 70_000));
        o.memory().writeI32(slot + 4, length);
        liftsOrTraps(() -> new AbiCall(o).load(type, ptr));
    }

    @Property(seed = FuzzTypes.SEED)
    void liftingRandomFlatValuesOnlyTraps(
            @ForAll("witTypes") WitType type,
            @ForAll @Size(min = 16, max = 16) List<Long> flat,
            @ForAll @Size(max = 2048) byte[] noise,
            @ForAll("pointers") int noiseAt,
            @ForAll @IntRange(min = 0, max = 2) int encoding) {
        CanonOptions o = guest(noise, Math.floorMod(noiseAt, 65_536), encoding, 1 << 20);
        List<ValType> slots = AbiLayout.flatten(type);
        long[] values = new long[slots.size()];
        for (int i = 0; i < values.length; i++) {
            long v = flat.get(i % flat.size());
            boolean wide = slots.get(i).equals(ValType.I64) || slots.get(i).equals(ValType.F64);
            values[i] = wide ? v : v & 0xffffffffL;
        }
        liftsOrTraps(() -> new AbiCall(o).liftFlat(type, new FlatValues.Reader(values, slots)));
    }

    @Property(seed = FuzzTypes.SEED)
    void aHostileReallocOnlyTraps(@ForAll("witTypes") WitType type, @ForAll("pointers") int answer) {
        CanonOptions honest = guest(new byte[0], 0, 0, 1 << 20);
        // a canonical value of the type: zeroed memory lifts as a valid value of each of them
        Object value = new AbiCall(honest).load(type, 0);
        CoreFunc lying = CoreFunc.of(REALLOC, a -> new long[] {answer});
        CanonOptions o = new CanonOptions(honest.memory(), lying, null, 0, honest.resources(), 1 << 20);
        List<ValType> slots = AbiLayout.flatten(type);
        liftsOrTraps(() -> {
            if (slots.size() <= 16) {
                new AbiCall(o).lowerFlat(type, value, new FlatValues.Writer(slots));
            } else {
                new AbiCall(o).store(type, value, 0);
            }
        });
    }

    /**
     * An outer list whose elements all point at the same bytes: lifting either fits the limit (and
     * then exactly what was charged was lifted) or traps naming the limit, before allocating.
     */
    @Property(seed = FuzzTypes.SEED)
    void aliasedListsNeverLiftPastTheLimit(
            @ForAll @IntRange(min = 0, max = 8000) int count,
            @ForAll @IntRange(min = 0, max = 65_536) int innerLength,
            @ForAll @IntRange(min = 1, max = 64 << 20) int limit) {
        CanonOptions o = guest(new byte[0], 0, 0, limit);
        for (int i = 0; i < count; i++) {
            o.memory().writeI32(16 + 8 * i, 0);
            o.memory().writeI32(20 + 8 * i, innerLength);
        }
        WitType lists = new WitType.ListType(new WitType.ListType(WitType.Primitive.U8));
        long needed = (long) count * 16 + (long) count * innerLength;
        try {
            List<?> out = (List<?>) new AbiCall(o).loadList((WitType.ListType) lists, 16, count);
            assertThat(out).hasSize(count);
            assertThat(needed).isLessThanOrEqualTo(limit);
        } catch (ComponentTrap e) {
            assertThat(e.getMessage()).contains("past the limit of " + limit + " bytes");
            assertThat(needed).isGreaterThan(limit);
        }
    }

    /** Elements of zero size take no memory: a list of four billion of them is charged, not built. */
    @Property(seed = FuzzTypes.SEED)
    void listsOfZeroSizeElementsAreBounded(@ForAll int length) {
        CanonOptions o = guest(new byte[0], 0, 0, 1 << 20);
        WitType.ListType empties = new WitType.ListType(new WitType.TupleType(Collections.emptyList()));
        long count = Integer.toUnsignedLong(length);
        try {
            List<?> out = (List<?>) new AbiCall(o).loadList(empties, 0, length);
            assertThat((long) out.size()).isEqualTo(count);
            assertThat(count * 16).isLessThanOrEqualTo(1 << 20);
        } catch (ComponentTrap e) {
            assertThat(e.getMessage()).contains("past the limit of 1048576 bytes");
        }
    }
}
