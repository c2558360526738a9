package ai.wippy.abi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import com.dylibso.chicory.runtime.TrapException;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random guest memory, pointers, lengths, flat values and handles, in every string encoding:
 * lifting either produces a value or traps ({@link AbiTrap}); it never fails the host with any
 * other exception, and never allocates past the call's lifting limit. The one canonical ABI serves
 * core modules with {@code wit}, components (both directions) and {@code funcs}, so these properties
 * cover all three. Fixed seed ({@link FuzzTypes#SEED}); {@code
 * -Dwippy.fuzz.tries=N} runs each property N times.
 */
class HostileGuestPropertiesTest {

    @Provide
    Arbitrary<WitType> witTypes() {
        return FuzzTypes.witTypes();
    }

    @Provide
    Arbitrary<Integer> pointers() {
        return FuzzTypes.pointers();
    }

    private static TestGuest guestWith(byte[] noise, int seedOffset) {
        TestGuest g = new TestGuest();
        for (int i = 0; i < noise.length; i++) {
            g.memory.writeByte((seedOffset + i) % 65_536, noise[i]);
        }
        return g;
    }

    @Provide
    Arbitrary<Integer> lengths() {
        return FuzzTypes.lengths();
    }

    /**
     * An outer list whose elements all point at the same bytes: lifting either fits the call's limit
     * (and then what was lifted is what was charged) or traps naming the limit, before allocating.
     */
    @Property(seed = FuzzTypes.SEED)
    void aliasedListsNeverLiftPastTheLimit(
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 8000) int count,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 65_536) int innerLength,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 64 << 20) int limit) {
        TestGuest g = new TestGuest();
        for (int i = 0; i < count; i++) {
            g.memory.writeI32(16 + 8 * i, 0);
            g.memory.writeI32(20 + 8 * i, innerLength);
        }
        CanonicalOptions o = new CanonicalOptions(g.memory, StringEncoding.UTF8, g.realloc, null, null, limit);
        WitType lists = new WitType.ListType(new WitType.ListType(WitType.Primitive.U8));
        long needed = (long) count * 16 + (long) count * innerLength;
        try {
            FunctionSignature sig = new FunctionSignature("f", List.of(new Param("lists", lists)), null);
            List<?> out = (List<?>)
                    CanonicalAbi.liftArguments(o, sig, new long[] {16, count}).get(0);
            assertThat(out).hasSize(count);
            assertThat(needed).isLessThanOrEqualTo(limit);
        } catch (TrapException e) {
            assertThat(e.getMessage()).contains("past the limit of " + limit + " bytes");
            assertThat(needed).isGreaterThan(limit);
        }
    }

    private static void liftsOrTraps(Runnable lift) {
        try {
            lift.run();
        } catch (AbiTrap expected) {
            assertThat(expected.getMessage()).startsWith("canonical ABI: ");
        }
    }

    @Property(seed = FuzzTypes.SEED)
    void loadingFromRandomMemoryOnlyTraps(
            @ForAll("witTypes") WitType type,
            @ForAll("pointers") int ptr,
            @ForAll @Size(max = 4096) byte[] noise,
            @ForAll("pointers") int noiseAt,
            @ForAll("lengths") int length,
            @ForAll StringEncoding encoding) {
        TestGuest g = guestWith(noise, Math.floorMod(noiseAt, 65_536));
        // plant plausible-looking pointers too, so nested loads are exercised
        g.memory.writeI32(Math.floorMod(ptr, 65_528) & ~7, Math.floorMod(noiseAt, 70_000));
        g.memory.writeI32((Math.floorMod(ptr, 65_528) & ~7) + 4, length);
        liftsOrTraps(() -> CanonicalAbi.load(g.options(encoding), type, ptr));
    }

    @Property(seed = FuzzTypes.SEED)
    void liftingRandomFlatValuesOnlyTraps(
            @ForAll("witTypes") WitType type,
            @ForAll @Size(min = 16, max = 16) List<Long> flat,
            @ForAll @Size(max = 2048) byte[] noise,
            @ForAll("pointers") int noiseAt,
            @ForAll StringEncoding encoding) {
        TestGuest g = guestWith(noise, Math.floorMod(noiseAt, 65_536));
        g.resources.addHost("counter", new Object(), true); // handle 1 is live; others are not
        FunctionSignature sig = new FunctionSignature("f", List.of(new Param("x", type)), type);
        long[] values = flat.stream().mapToLong(Long::longValue).toArray();
        liftsOrTraps(() -> CanonicalAbi.liftArguments(g.options(encoding), sig, values));
        liftsOrTraps(() -> CanonicalAbi.liftResult(g.options(encoding), sig, values));
    }

    @Property(seed = FuzzTypes.SEED)
    void randomBytesAsStringsInEveryEncodingOnlyTrap(
            @ForAll @Size(max = 256) byte[] bytes, @ForAll StringEncoding encoding, @ForAll int units) {
        TestGuest g = guestWith(bytes, 2048);
        FunctionSignature sig = new FunctionSignature("f", List.of(new Param("s", WitType.Primitive.STRING)), null);
        long tagged = Math.floorMod(units, bytes.length + 1) | (units < 0 ? 0x8000_0000L : 0);
        liftsOrTraps(() -> CanonicalAbi.liftArguments(g.options(encoding), sig, new long[] {2048, tagged}));
    }

    /** Elements of zero size take no memory: a list of four billion of them is charged, not built. */
    @Property(seed = FuzzTypes.SEED)
    void listsOfZeroSizeElementsAreBounded(@ForAll int length) {
        TestGuest g = new TestGuest();
        CanonicalOptions o = new CanonicalOptions(g.memory, StringEncoding.UTF8, g.realloc, null, null, 1 << 20);
        WitType.ListType empties = new WitType.ListType(new WitType.TupleType(java.util.Collections.emptyList()));
        FunctionSignature sig = new FunctionSignature("f", List.of(new Param("xs", empties)), null);
        long count = Integer.toUnsignedLong(length);
        try {
            List<?> out = (List<?>)
                    CanonicalAbi.liftArguments(o, sig, new long[] {0, count}).get(0);
            assertThat((long) out.size()).isEqualTo(count);
            assertThat(count * 16).isLessThanOrEqualTo(1 << 20);
        } catch (AbiTrap e) {
            assertThat(e.getMessage()).contains("past the limit of 1048576 bytes");
        }
    }

    @Property(seed = FuzzTypes.SEED)
    void aHostileReallocOnlyTraps(
            @ForAll("witTypes") WitType type, @ForAll("pointers") int answer, @ForAll StringEncoding encoding) {
        net.jqwik.api.Assume.that(!CoreModuleCanonicalAbi.mentionsHandle(type)); // zeroed memory is no handle
        TestGuest g = new TestGuest();
        CanonicalOptions lying = new CanonicalOptions(g.memory, encoding, (o, s, a, n) -> answer, null, null);
        Object value = sample(type);
        FunctionSignature sig = new FunctionSignature("f", List.of(new Param("x", type)), null);
        liftsOrTraps(() -> CanonicalAbi.lowerArguments(lying, sig, java.util.Collections.singletonList(value)));
    }

    /** A canonical value of each test type, produced by lifting zeroed memory (valid for all of them). */
    private static Object sample(WitType type) {
        TestGuest g = new TestGuest();
        return CanonicalAbi.load(g.options(), type, 0);
    }
}
