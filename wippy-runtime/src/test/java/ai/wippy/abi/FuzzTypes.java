package ai.wippy.abi;

import ai.wippy.wit.Param;
import ai.wippy.wit.WitParser;
import ai.wippy.wit.WitType;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * The WIT types and guest pointers the canonical ABI property tests lift from random memory, shared
 * by the core-module path ({@code ai.wippy.abi}) and the component path ({@code ai.wippy.component}).
 * Their seed is fixed; {@code -Dwippy.fuzz.tries=100000} runs them longer (the build passes it on as
 * jqwik's default number of tries).
 */
public final class FuzzTypes {

    /** Fixed, so that a CI failure replays; change it to explore. */
    public static final String SEED = "20261201";

    public static final List<WitType> TYPES = types();

    private FuzzTypes() {}

    private static List<WitType> types() {
        String wit = """
                record user { name: string, age: u32, tags: list<string> }
                variant shape { circle(f32), square(u64), label(string), none }
                enum color { red, green, blue }
                flags perm { read, write, exec }
                f: func(a: string, b: list<string>, c: list<user>, d: list<u8>, e: shape,
                        f: option<list<char>>, g: result<string, list<u16>>, h: perm, i: char,
                        j: tuple<f64, string>, k: color, l: list<list<shape>>, m: bool,
                        n: list<list<list<u8>>>, o: list<option<list<u8>>>, p: list<u64>);
                """;
        List<WitType> out = new ArrayList<>();
        for (Param p : WitParser.parseFunction(wit, "f").params()) {
            out.add(p.type());
        }
        // elements of zero size: a list of them may claim 4 billion elements in no memory at all
        out.add(new WitType.ListType(new WitType.TupleType(List.of())));
        // handles: an index the guest names must be live in the instance's table
        WitType own = new WitType.HandleType("counter", true);
        WitType borrow = new WitType.HandleType("counter", false);
        out.add(own);
        out.add(borrow);
        out.add(new WitType.ListType(own));
        out.add(new WitType.OptionType(borrow));
        return List.copyOf(out);
    }

    public static Arbitrary<WitType> witTypes() {
        return Arbitraries.of(TYPES);
    }

    /** Mostly inside the 64 KiB page, near its end, or anywhere in the 32-bit space. */
    public static Arbitrary<Integer> pointers() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 65_535),
                Arbitraries.integers().between(65_000, 65_600),
                Arbitraries.integers());
    }

    /** Lengths as a guest may claim them: small, the page size, or any unsigned 32-bit value. */
    public static Arbitrary<Integer> lengths() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 64),
                Arbitraries.integers().between(65_000, 66_000),
                Arbitraries.integers());
    }
}
