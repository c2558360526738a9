package ai.wippy.abi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitParser;
import ai.wippy.wit.WitType;
import com.dylibso.chicory.runtime.TrapException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random guest memory, pointers, lengths and flat values: lifting either produces a value or traps;
 * it never fails the host with any other exception.
 */
class HostileGuestPropertiesTest {

    static final List<WitType> TYPES = types();

    private static List<WitType> types() {
        String wit = """
                record user { name: string, age: u32, tags: list<string> }
                variant shape { circle(f32), square(u64), label(string), none }
                enum color { red, green, blue }
                flags perm { read, write, exec }
                f: func(a: string, b: list<string>, c: list<user>, d: list<u8>, e: shape,
                        f: option<list<char>>, g: result<string, list<u16>>, h: perm, i: char,
                        j: tuple<f64, string>, k: color, l: list<list<shape>>, m: bool);
                """;
        List<WitType> out = new ArrayList<>();
        for (Param p : WitParser.parseFunction(wit, "f").params()) {
            out.add(p.type());
        }
        return out;
    }

    @Provide
    Arbitrary<WitType> witTypes() {
        return Arbitraries.of(TYPES);
    }

    @Provide
    Arbitrary<Integer> pointers() {
        // mostly inside the 64 KiB page, near its end, or anywhere in the 32-bit space
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 65_535),
                Arbitraries.integers().between(65_000, 65_600),
                Arbitraries.integers());
    }

    private static TestGuest guestWith(byte[] noise, int seedOffset) {
        TestGuest g = new TestGuest();
        for (int i = 0; i < noise.length; i++) {
            g.memory.writeByte((seedOffset + i) % 65_536, noise[i]);
        }
        return g;
    }

    private static void liftsOrTraps(Runnable lift) {
        try {
            lift.run();
        } catch (TrapException expected) {
            assertThat(expected.getMessage()).startsWith("canonical ABI: ");
        }
    }

    @Property(tries = 400)
    void loadingFromRandomMemoryOnlyTraps(
            @ForAll("witTypes") WitType type,
            @ForAll("pointers") int ptr,
            @ForAll @Size(max = 4096) byte[] noise,
            @ForAll("pointers") int noiseAt) {
        TestGuest g = guestWith(noise, Math.floorMod(noiseAt, 65_536));
        // plant plausible-looking pointers too, so nested loads are exercised
        g.memory.writeI32(Math.floorMod(ptr, 65_528) & ~7, Math.floorMod(noiseAt, 70_000));
        liftsOrTraps(() -> CanonicalAbi.load(g.options(), type, ptr));
    }

    @Property(tries = 400)
    void liftingRandomFlatValuesOnlyTraps(
            @ForAll("witTypes") WitType type,
            @ForAll @Size(min = 8, max = 8) List<Long> flat,
            @ForAll @Size(max = 2048) byte[] noise,
            @ForAll("pointers") int noiseAt) {
        TestGuest g = guestWith(noise, Math.floorMod(noiseAt, 65_536));
        FunctionSignature sig = new FunctionSignature("f", List.of(new Param("x", type)), type);
        long[] values = flat.stream().mapToLong(Long::longValue).toArray();
        liftsOrTraps(() -> CanonicalAbi.liftArguments(g.options(), sig, values));
        liftsOrTraps(() -> CanonicalAbi.liftResult(g.options(), sig, values));
    }

    @Property(tries = 300)
    void randomBytesAsStringsInEveryEncodingOnlyTrap(
            @ForAll @Size(max = 256) byte[] bytes, @ForAll StringEncoding encoding, @ForAll int units) {
        TestGuest g = guestWith(bytes, 2048);
        FunctionSignature sig = new FunctionSignature("f", List.of(new Param("s", WitType.Primitive.STRING)), null);
        long tagged = Math.floorMod(units, bytes.length + 1) | (units < 0 ? 0x8000_0000L : 0);
        liftsOrTraps(() -> CanonicalAbi.liftArguments(g.options(encoding), sig, new long[] {2048, tagged}));
    }

    @Property(tries = 200)
    void aHostileReallocOnlyTraps(@ForAll("witTypes") WitType type, @ForAll("pointers") int answer) {
        TestGuest g = new TestGuest();
        CanonicalOptions lying =
                new CanonicalOptions(g.memory, StringEncoding.UTF16, (o, s, a, n) -> answer, null, null);
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
