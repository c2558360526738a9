package ai.wippy.abi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitParser;
import ai.wippy.wit.WitType.Primitive;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Core signatures after the flattening limits, and values that travel through spill areas. */
class FlatteningTest {

    private final TestGuest guest = new TestGuest();

    private static FunctionSignature sig(String wit) {
        return WitParser.parseFunction(wit, null);
    }

    @Test
    void stringsAndListsAreTwoI32s() {
        FlatSignature greet = CanonicalAbi.flatExport(sig("greet: func(name: string) -> string;"));
        assertThat(greet.describe()).isEqualTo("(func (param i32 i32) (result i32))");
        assertThat(greet.resultsSpilled()).isTrue();
        FlatSignature imported = CanonicalAbi.flatImport(sig("greet: func(name: string) -> string;"));
        assertThat(imported.describe()).isEqualTo("(func (param i32 i32 i32))");
    }

    @Test
    void sixteenFlatParamsStayFlatSeventeenSpill() {
        StringBuilder wit = new StringBuilder("f: func(");
        for (int i = 0; i < 8; i++) {
            wit.append(i == 0 ? "" : ", ").append("s").append(i).append(": string");
        }
        FlatSignature sixteen = CanonicalAbi.flatExport(sig(wit + ") -> u32;"));
        assertThat(sixteen.params()).hasSize(16);
        assertThat(sixteen.paramsSpilled()).isFalse();
        FlatSignature seventeen = CanonicalAbi.flatExport(sig(wit + ", x: u8) -> u32;"));
        assertThat(seventeen.params()).containsExactly(ValType.I32);
        assertThat(seventeen.paramsSpilled()).isTrue();
        assertThat(seventeen.results()).containsExactly(ValType.I32);
    }

    @Test
    void variantPayloadsJoin() {
        FunctionSignature s =
                sig("variant v { a(f32), b(u32), c(f64), d(tuple<f32, u64>) }\n f: func(x: v) -> option<f32>;");
        assertThat(CanonicalAbi.flatExport(s).describe()).isEqualTo("(func (param i32 i64 i64) (result i32))");
        // option<f32> flattens to [i32, f32] = 2 values, so the result spills to a pointer
        assertThat(CanonicalAbi.flatten(s.result())).containsExactly(ValType.I32, ValType.F32);
    }

    @Test
    void spilledArgumentsAreLoweredIntoAnAllocatedTuple() {
        List<Param> params = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            params.add(new Param("p" + i, i % 2 == 0 ? Primitive.U8 : Primitive.F64));
            args.add(i % 2 == 0 ? (Object) i : (Object) (i + 0.5));
        }
        FunctionSignature s = new FunctionSignature("many", params, null);
        long[] flat = CanonicalAbi.lowerArguments(guest.options(), s, args);
        assertThat(flat).hasSize(1);
        assertThat(flat[0] % 8).isZero();
        // the guest side (an import lifting its arguments) reads the same tuple back
        assertThat(CanonicalAbi.liftArguments(guest.options(), s, flat)).isEqualTo(args);
    }

    @Test
    void spilledResultsOfAnImportAreWrittenThroughTheReturnPointer() {
        FunctionSignature s = sig("f: func(a: u32) -> tuple<string, u64>;");
        int retptr = 512;
        long[] out = CanonicalAbi.lowerResult(guest.options(), s, List.of("hi", 7L), new long[] {1, retptr});
        assertThat(out).isEmpty();
        assertThat(CanonicalAbi.load(guest.options(), s.result(), retptr)).isEqualTo(List.of("hi", 7L));
        // and an export returning that pointer is lifted from it
        assertThat(CanonicalAbi.liftResult(guest.options(), s, new long[] {retptr}))
                .isEqualTo(List.of("hi", 7L));
    }

    /**
     * A spilled {@code result} or {@code option} (written with its layout known per signature) holds
     * the bytes the generic store writes, for every case and payload kind, and loads back as it was.
     */
    @Test
    void aSpilledResultOrOptionIsWrittenAsTheGenericStoreWritesIt() {
        Object[][] cases = {
            {"result<u8, string>", ResultValue.ok(200)},
            {"result<u8, string>", ResultValue.err("no")},
            {"result<s16, u32>", ResultValue.ok(-2)},
            {"result<s16, u32>", ResultValue.err(4_000_000_000L)},
            {"result<bool, s64>", ResultValue.ok(true)},
            {"result<bool, s64>", ResultValue.err(-5L)},
            {"result<f32, f64>", ResultValue.ok(1.5f)},
            {"result<f32, f64>", ResultValue.err(-0.25)},
            {"result<char, u64>", ResultValue.ok("é")},
            {"result<char, u64>", ResultValue.err(Long.MAX_VALUE)},
            {"result<_, u16>", ResultValue.ok(null)},
            {"result<_, u16>", ResultValue.err(65_535)},
            {"result<string>", ResultValue.ok("text")},
            {"option<u64>", 9L},
            {"option<u64>", null},
            {"option<string>", "some"},
            {"option<s8>", -7},
        };
        int retptr = 512;
        int generic = 768;
        for (Object[] c : cases) {
            FunctionSignature s = sig("f: func(a: u32) -> " + c[0] + ";");
            guest.memory.write(retptr, new byte[64]);
            guest.memory.write(generic, new byte[64]);
            assertThat(CanonicalAbi.lowerResult(guest.options(), s, c[1], new long[] {1, retptr}))
                    .isEmpty();
            assertThat(CanonicalAbi.load(guest.options(), s.result(), retptr))
                    .as("%s of %s", c[1], c[0])
                    .isEqualTo(c[1]);
            if (!String.valueOf(c[0]).contains("string")) { // a string's bytes go wherever the allocator says
                CanonicalAbi.store(guest.options(), s.result(), c[1], generic);
                int size = Layout.size(s.result());
                assertThat(guest.memory.readBytes(retptr, size))
                        .as("%s of %s", c[1], c[0])
                        .isEqualTo(guest.memory.readBytes(generic, size));
            }
        }
    }

    @Test
    void flatVariantRoundTripThroughJoinedSlots() {
        FunctionSignature s = sig("variant v { a(f32), b(u64), c(string) }\n f: func(x: v, y: v);");
        assertThat(CanonicalAbi.flatExport(s).describe()).isEqualTo("(func (param i32 i64 i32 i32 i64 i32))");
        List<Object> args = List.of(new VariantValue("a", -1.25f), new VariantValue("c", "text"));
        long[] flat = CanonicalAbi.lowerArguments(guest.options(), s, args);
        assertThat(flat[1]).isEqualTo(Float.floatToRawIntBits(-1.25f) & 0xFFFF_FFFFL); // zero-extended into i64
        assertThat(CanonicalAbi.liftArguments(guest.options(), s, flat)).isEqualTo(args);
    }

    @Test
    void postReturnRunsAfterTheResultIsLifted() {
        List<String> order = new ArrayList<>();
        CanonicalAbi.store(guest.options(), Primitive.STRING, "done", 256);
        CanonicalOptions o = guest.options().withPostReturn(results -> {
            order.add("post-return " + java.util.Arrays.toString(results));
            guest.memory.write(1024, new byte[64]); // the guest frees and scribbles over the result
        });
        Object v = CanonicalAbi.liftResult(o, sig("f: func() -> string;"), new long[] {256});
        order.add("lifted " + v);
        assertThat(order).containsExactly("post-return [256]", "lifted done");
    }

    @Test
    void aNonCanonicalHostValueIsNamed() {
        FunctionSignature s = sig("f: func(count: u32);");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> CanonicalAbi.lowerArguments(guest.options(), s, List.of("seven")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("count is not a canonical u32 value (String)");
    }
}
