package ai.wippy.abi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitParser;
import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.Primitive;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every WIT type survives store/load and lower/lift against a real Chicory memory. */
class RoundTripTest {

    private final TestGuest guest = new TestGuest();

    private static WitType type(String wit) {
        return WitParser.parseFunction("f: func(x: " + wit + ");", "f")
                .params()
                .get(0)
                .type();
    }

    /** Stores then loads at an aligned address, and lowers then lifts as a single parameter. */
    private Object roundTrip(WitType t, Object value) {
        int ptr = 64;
        CanonicalAbi.store(guest.options(), t, value, ptr);
        Object loaded = CanonicalAbi.load(guest.options(), t, ptr);
        assertThat(loaded).isEqualTo(value);
        FunctionSignature sig = new FunctionSignature("f", List.of(new Param("x", t)), null);
        long[] flat = CanonicalAbi.lowerArguments(guest.options(), sig, java.util.Collections.singletonList(value));
        assertThat(flat).hasSize(CanonicalAbi.flatExport(sig).params().size());
        List<Object> lifted = CanonicalAbi.liftArguments(guest.options(), sig, flat);
        return lifted.get(0);
    }

    private void assertRoundTrip(String wit, Object value) {
        assertThat(roundTrip(type(wit), value)).isEqualTo(value);
    }

    @Test
    void listsOfScalarsAreCopiedWhole() {
        assertRoundTrip("list<bool>", List.of(true, false, true));
        assertRoundTrip("list<s8>", List.of(-128, 0, 127));
        assertRoundTrip("list<s16>", List.of(-32768, 1, 32767));
        assertRoundTrip("list<u16>", List.of(0, 65535));
        assertRoundTrip("list<s32>", List.of(Integer.MIN_VALUE, -1, Integer.MAX_VALUE));
        assertRoundTrip("list<u32>", List.of(0L, 4_294_967_295L));
        assertRoundTrip("list<s64>", List.of(Long.MIN_VALUE, Long.MAX_VALUE));
        assertRoundTrip("list<u64>", List.of(0L, new java.math.BigInteger("18446744073709551615")));
        assertRoundTrip("list<f32>", List.of(1.5f, -0.0f, Float.NaN));
        assertRoundTrip("list<f64>", List.of(2.25, Double.NEGATIVE_INFINITY));
        // one allocation per list, whatever its length
        int before = guest.allocations;
        CanonicalAbi.store(guest.options(), type("list<u32>"), java.util.Collections.nCopies(1000, 7L), 64);
        assertThat(guest.allocations - before).isEqualTo(1);
        assertThat(CanonicalAbi.load(guest.options(), type("list<u32>"), 64))
                .isEqualTo(java.util.Collections.nCopies(1000, 7L));
    }

    @Test
    void aHostStringWithALoneSurrogateIsRefusedNotMangled() {
        assertRoundTrip("string", "what? 🦀");
        FunctionSignature sig = new FunctionSignature("f", List.of(new Param("s", Primitive.STRING)), null);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> CanonicalAbi.lowerArguments(guest.options(), sig, List.of("a\uD800?")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone surrogate at index 1");
    }

    @Test
    void primitives() {
        assertRoundTrip("bool", true);
        assertRoundTrip("bool", false);
        assertRoundTrip("s8", -128);
        assertRoundTrip("u8", 255);
        assertRoundTrip("s16", -32768);
        assertRoundTrip("u16", 65535);
        assertRoundTrip("s32", Integer.MIN_VALUE);
        assertRoundTrip("u32", 4_294_967_295L);
        assertRoundTrip("s64", Long.MIN_VALUE);
        assertRoundTrip("u64", Long.MAX_VALUE);
        assertRoundTrip("u64", new BigInteger("18446744073709551615"));
        assertRoundTrip("f32", 1.5f);
        assertRoundTrip("f64", -2.25e300);
        assertRoundTrip("char", "é");
        assertRoundTrip("char", "🦀");
    }

    @Test
    void nanIsCanonicalised() {
        Object f = roundTrip(Primitive.F32, Float.intBitsToFloat(0x7fc0_1234));
        assertThat(Float.floatToRawIntBits((Float) f)).isEqualTo(0x7fc0_0000);
        Object d = roundTrip(Primitive.F64, Double.longBitsToDouble(0xfff8_0000_0000_0042L));
        assertThat(Double.doubleToRawLongBits((Double) d)).isEqualTo(0x7ff8_0000_0000_0000L);
    }

    @ParameterizedTest
    @EnumSource(StringEncoding.class)
    void stringsInEveryEncoding(StringEncoding encoding) {
        WitType t = Primitive.STRING;
        for (String s : List.of("", "hello", "café", "naïve ÿ", "日本語", "emoji 🦀 ok")) {
            int ptr = 64;
            CanonicalAbi.store(guest.options(encoding), t, s, ptr);
            assertThat(CanonicalAbi.load(guest.options(encoding), t, ptr)).isEqualTo(s);
        }
    }

    @Test
    void latin1WhenItFitsElseTaggedUtf16() {
        CanonicalOptions o = guest.options(StringEncoding.LATIN1_UTF16);
        CanonicalAbi.store(o, Primitive.STRING, "café", 64);
        assertThat(guest.memory.readInt(68)).isEqualTo(4); // four Latin-1 bytes
        CanonicalAbi.store(o, Primitive.STRING, "日本", 64);
        assertThat(guest.memory.readInt(68)).isEqualTo(0x8000_0002); // two UTF-16 units, tagged
    }

    @Test
    void utf16CountsCodeUnits() {
        CanonicalAbi.store(guest.options(StringEncoding.UTF16), Primitive.STRING, "a🦀", 64);
        assertThat(guest.memory.readInt(68)).isEqualTo(3);
        assertThat(guest.memory.readInt(64) % 2).isZero();
    }

    @Test
    void lists() {
        assertRoundTrip("list<u32>", List.of(1L, 2L, 4_000_000_000L));
        assertRoundTrip("list<string>", List.of("a", "", "ccc"));
        assertRoundTrip("list<list<s16>>", List.of(List.of(1, -2), List.of(), List.of(3)));
        byte[] bytes = {1, 2, (byte) 0xff};
        assertThat((byte[]) roundTrip(type("list<u8>"), bytes)).containsExactly(bytes);
    }

    @Test
    void recordsTuplesAndAlignment() {
        WitType t = WitParser.parseFunction("f: func(x: tuple<u8, u64, u16, string, f32>);", "f")
                .params()
                .get(0)
                .type();
        assertThat(CanonicalAbi.alignment(t)).isEqualTo(8);
        // u8@0, u64@8, u16@16, string@20, f32@28 -> 32
        assertThat(CanonicalAbi.size(t)).isEqualTo(32);
        assertRoundTrip("tuple<u8, u64, u16, string, f32>", List.of(7, 1L << 40, 9, "x", 0.5f));
        WitType rec = new WitType.RecordType(
                "user",
                List.of(
                        new WitType.Field("name", Primitive.STRING),
                        new WitType.Field("age", Primitive.U32),
                        new WitType.Field("tags", new WitType.ListType(Primitive.STRING))));
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("name", "Ana");
        user.put("age", 31L);
        user.put("tags", List.of("admin", "ops"));
        assertThat(roundTrip(rec, user)).isEqualTo(user);
    }

    @Test
    void variantsEnumsOptionsResults() {
        WitType shape = new WitType.VariantType(
                "shape",
                List.of(
                        new WitType.Case("circle", Primitive.F32),
                        new WitType.Case("square", Primitive.U64),
                        new WitType.Case("label", Primitive.STRING),
                        new WitType.Case("empty", null)));
        // payloads join to [i32 disc, i64, i32]
        assertThat(CanonicalAbi.flatten(shape).toString()).isEqualTo("[I32, I64, I32]");
        for (Object v : List.of(
                new VariantValue("circle", 2.5f),
                new VariantValue("square", 1L << 50),
                new VariantValue("label", "hi"),
                new VariantValue("empty", null))) {
            assertThat(roundTrip(shape, v)).isEqualTo(v);
        }
        WitType color = new WitType.EnumType("color", List.of("red", "green", "blue"));
        assertThat(roundTrip(color, "blue")).isEqualTo("blue");
        assertRoundTrip("option<string>", "some");
        assertThat(roundTrip(type("option<string>"), null)).isNull();
        assertRoundTrip("result<u32, string>", ResultValue.ok(5L));
        assertRoundTrip("result<u32, string>", ResultValue.err("bad"));
        assertRoundTrip("result<_, string>", ResultValue.ok(null));
        assertRoundTrip("result", ResultValue.err(null));
    }

    @Test
    void flags() {
        WitType few = new WitType.FlagsType("perm", List.of("read", "write", "exec"));
        assertThat(roundTrip(few, Set.of("read", "exec"))).isEqualTo(Set.of("read", "exec"));
        List<String> labels = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            labels.add("f" + i);
        }
        WitType many = new WitType.FlagsType("many", labels);
        assertThat(CanonicalAbi.size(many)).isEqualTo(4);
        assertThat(roundTrip(many, Set.of("f0", "f19"))).isEqualTo(Set.of("f0", "f19"));
    }
}
