package ai.wippy.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.value.CanonicalValues;
import ai.wippy.value.JavaBinding;
import ai.wippy.value.ValueShapeException;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitParser;
import ai.wippy.wit.WitType;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link JavaLayout}: Java records, enums, lists, arrays and options written straight into guest
 * memory and read straight back, laid out exactly as the canonical values are (the canonical load of
 * what the Java layout stored is the canonical form of the Java value), with checks made as values
 * are written and errors naming the path, and untrusted lengths trapping before anything is read.
 */
class JavaLayoutTest {

    enum Level {
        JUNIOR,
        SENIOR_STAFF
    }

    record Inner(String note, boolean flag) {}

    record Person(
            String name,
            long age,
            List<String> tags,
            Level level,
            Optional<String> nick,
            int[] scores,
            double[] weights,
            byte[] blob,
            List<Integer> counts,
            boolean[] marks,
            Optional<Inner> inner,
            String maybe) {}

    static final String PERSON = "record person { name: string, age: u32, tags: list<string>, level: level,"
            + " nick: option<string>, scores: list<s32>, weights: list<f64>, blob: list<u8>, counts: list<s32>,"
            + " marks: list<bool>, inner: option<inner>, maybe: option<string> }";

    private final TestGuest guest = new TestGuest();

    private static WitType type(String decls, String name) {
        return WitParser.parseFunction(decls + " f: func(x: " + name + ");", "f")
                .params()
                .get(0)
                .type();
    }

    private static WitType person() {
        return type(
                "enum level { junior, senior-staff } record inner { note: string, flag: bool } " + PERSON, "person");
    }

    private static Person ann() {
        return new Person(
                "ann",
                4_000_000_000L,
                List.of("a", "b", "café"),
                Level.SENIOR_STAFF,
                Optional.of("annie"),
                new int[] {1, -2, Integer.MAX_VALUE},
                new double[] {0.5, -1e300},
                new byte[] {0, (byte) 0xFF, 7},
                List.of(3, 4),
                new boolean[] {true, false},
                Optional.of(new Inner("日本 😀", true)),
                null);
    }

    private static Person plain(long age, List<String> tags, Optional<Inner> inner) {
        return new Person(
                "x",
                age,
                tags,
                Level.JUNIOR,
                Optional.empty(),
                new int[0],
                new double[0],
                new byte[0],
                List.of(),
                new boolean[0],
                inner,
                null);
    }

    private int store(JavaLayout layout, Object value, CanonicalOptions o) {
        Lowerer w = new Lowerer(o);
        int ptr = w.allocate(Layout.alignment(layout.wit), Layout.size(layout.wit), "test");
        layout.store(w, value, ptr);
        return ptr;
    }

    @ParameterizedTest
    @EnumSource(StringEncoding.class)
    void recordsEnumsListsAndOptionsGoStraightAndLayOutAsCanonicalValuesDo(StringEncoding encoding) {
        CanonicalOptions o = guest.options(encoding);
        WitType wit = person();
        JavaLayout layout = JavaLayout.of(wit, Person.class);
        assertThat(layout.direct()).isTrue();
        Person ann = ann();
        int ptr = store(layout, ann, o);

        // what the Java layout wrote is what the canonical value of the same Java value is
        Object canonical = new Lifter(o).load(wit, ptr);
        assertThat(canonical).usingRecursiveComparison().isEqualTo(CanonicalValues.toCanonical(wit, ann, ""));
        // and it reads straight back into the Java record
        Object back = layout.load(new Lifter(o), ptr);
        assertThat(back).isInstanceOf(Person.class).usingRecursiveComparison().isEqualTo(ann);
        // the canonical way stores the same, which the Java layout reads
        int other = new Lowerer(o).allocate(Layout.alignment(wit), Layout.size(wit), "test");
        CanonicalAbi.store(o, wit, CanonicalValues.toCanonical(wit, ann, ""), other);
        assertThat(layout.load(new Lifter(o), other)).usingRecursiveComparison().isEqualTo(ann);
    }

    @Test
    void arraysOfScalarsAreCopiedInOneWriteAndRead() {
        CanonicalOptions o = guest.options();
        WitType ints = type("", "list<s32>");
        JavaLayout layout = JavaLayout.of(ints, int[].class);
        int[] values = new int[1000];
        Arrays.setAll(values, i -> i * 31 - 500);
        int before = guest.allocations;
        int ptr = store(layout, values, o);
        assertThat(guest.allocations - before)
                .as("the slot, then one allocation for the list")
                .isEqualTo(2);
        int base = guest.memory.readInt(ptr);
        assertThat(guest.memory.readInt(ptr + 4)).isEqualTo(1000);
        ByteBuffer raw = ByteBuffer.wrap(guest.memory.readBytes(base, 4000)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 1000; i++) {
            assertThat(raw.getInt(4 * i)).isEqualTo(values[i]);
        }
        assertThat((int[]) layout.load(new Lifter(o), ptr)).containsExactly(values);

        for (Object[] pair : new Object[][] {
            {"list<s64>", new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}},
            {"list<u64>", new long[] {0, Long.MAX_VALUE}},
            {"list<u32>", new int[] {0, Integer.MAX_VALUE}},
            {"list<f32>", new float[] {1.5f, -0.0f}},
            {"list<f64>", new double[] {2.25, Double.NEGATIVE_INFINITY}},
            {"list<s16>", new short[] {Short.MIN_VALUE, 1, Short.MAX_VALUE}},
            {"list<u16>", new short[] {0, Short.MAX_VALUE}},
            {"list<bool>", new boolean[] {true, false, true}},
            {"list<u8>", new byte[] {1, 2, (byte) 200}},
            {"list<s8>", new byte[] {-128, 127}},
        }) {
            WitType t = type("", (String) pair[0]);
            JavaLayout l = JavaLayout.of(t, pair[1].getClass());
            int p = store(l, pair[1], o);
            assertThat(l.load(new Lifter(o), p)).as((String) pair[0]).isEqualTo(pair[1]);
            assertThat(new Lifter(o).load(t, p))
                    .as((String) pair[0] + " canonical")
                    .usingRecursiveComparison()
                    .isEqualTo(CanonicalValues.toCanonical(t, pair[1], ""));
        }
    }

    @Test
    void unsignedValuesThatDoNotFitTheJavaTypeAreRefusedNamingTheElement() {
        CanonicalOptions o = guest.options();
        JavaLayout u32 = JavaLayout.of(type("", "list<u32>"), int[].class);
        assertThatThrownBy(() -> store(u32, new int[] {1, -1}, o))
                .isInstanceOf(ValueShapeException.class)
                .hasMessageStartingWith("[1]: ");
        // a guest's u32 above Integer.MAX_VALUE does not fit an int
        CanonicalAbi.store(o, type("", "list<u32>"), List.of(1L, 4_000_000_000L), 64);
        assertThatThrownBy(() -> u32.load(new Lifter(o), 64))
                .isInstanceOf(ValueShapeException.class)
                .hasMessageContaining("[1]")
                .hasMessageContaining("4000000000");
    }

    @Test
    void checksAreMadeAsValuesAreWrittenAndErrorsNameThePath() {
        CanonicalOptions o = guest.options();
        JavaLayout layout = JavaLayout.of(person(), Person.class);
        List<String> tags = new ArrayList<>(List.of("a", "b", "c"));
        tags.add(null);
        Person badTag = plain(1, tags, Optional.empty());
        assertThatThrownBy(() -> store(layout, badTag, o))
                .isInstanceOf(ValueShapeException.class)
                .hasMessageStartingWith("tags[3]: expected string");
        Person badAge = plain(-1, List.of(), Optional.empty());
        assertThatThrownBy(() -> store(layout, badAge, o))
                .isInstanceOf(ValueShapeException.class)
                .hasMessageStartingWith("age: ");
        Person badInner = plain(1, List.of(), Optional.of(new Inner(null, true)));
        assertThatThrownBy(() -> store(layout, badInner, o))
                .isInstanceOf(ValueShapeException.class)
                .hasMessageStartingWith("inner.note: ");
        assertThatThrownBy(() -> store(layout, "not a person", o))
                .as("anything but the record goes the canonical way, with its error")
                .isInstanceOf(ValueShapeException.class)
                .hasMessageContaining("expected record");
        assertThatThrownBy(() -> store(JavaLayout.of(type("", "string"), String.class), "lone \uD800 surrogate", o))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone surrogate");
    }

    @Test
    void theValuePathOfAnArgumentStartsWithItsName() throws Exception {
        FunctionSignature sig = WitParser.parseFunction(
                "enum level { junior, senior-staff } record inner { note: string, flag: bool } " + PERSON
                        + " f: func(user: person);",
                "f");
        Method m = Api.class.getMethod("f", Person.class);
        JavaBinding binding = JavaBinding.of(sig, m.getGenericParameterTypes(), m.getGenericReturnType());
        List<String> tags = new ArrayList<>(List.of("a", "b", "c"));
        tags.add(null);
        Person bad = plain(1, tags, Optional.empty());
        List<Object> args = binding.lower(List.of(bad));
        assertThat(JavaCall.of(binding, sig).params[0].direct()).isTrue();
        assertThatThrownBy(() -> CanonicalAbi.lowerArguments(guest.options(), sig, args))
                .as("lowered the canonical way, from the list")
                .isInstanceOf(ValueShapeException.class)
                .hasMessageStartingWith("user.tags[3]: ");
        int before = guest.allocations;
        assertThatThrownBy(() -> CanonicalAbi.callExport(guest.options(), sig, flat -> new long[0], args))
                .as("lowered straight from the Java record")
                .isInstanceOf(ValueShapeException.class)
                .hasMessageStartingWith("user.tags[3]: ");
        assertThat(guest.allocations)
                .as("the strings before the bad one were written")
                .isGreaterThan(before);
    }

    interface Api {
        void f(Person user);
    }

    @ParameterizedTest
    @EnumSource(StringEncoding.class)
    void stringsDecodeOnceWhateverTheirEncoding(StringEncoding encoding) {
        CanonicalOptions o = guest.options(encoding);
        JavaLayout s = JavaLayout.of(type("", "string"), String.class);
        for (String value : List.of("plain ascii", "", "café", "日本語", "emoji 😀 pair", "x".repeat(10_000))) {
            int p = store(s, value, o);
            assertThat(s.load(new Lifter(o), p))
                    .as(encoding + " " + value.length())
                    .isEqualTo(value);
        }
        if (encoding == StringEncoding.LATIN1_UTF16) {
            int latin = store(s, "café", o);
            assertThat(guest.memory.readInt(latin + 4))
                    .as("latin-1: 4 units, no tag")
                    .isEqualTo(4);
            int wide = store(s, "日本", o);
            assertThat(guest.memory.readInt(wide + 4))
                    .as("utf-16: 2 units, tagged")
                    .isEqualTo(0x8000_0002);
        }
    }

    @Test
    void invalidUtf8FromTheGuestTraps() {
        CanonicalOptions o = guest.options();
        guest.memory.write(2000, new byte[] {'o', 'k', (byte) 0xC3});
        guest.memory.writeI32(64, 2000);
        guest.memory.writeI32(68, 3);
        assertThatThrownBy(() -> JavaLayout.of(type("", "string"), String.class).load(new Lifter(o), 64))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void aHostileListLengthTrapsBeforeAnythingIsRead() {
        CanonicalOptions o = guest.options();
        Type listOfInts = Holder.class.getRecordComponents()[1].getGenericType();
        Object[][] cases = {
            {type("", "list<s32>"), int[].class},
            {type("", "list<s32>"), listOfInts},
            {type("", "list<string>"), List.class}
        };
        for (Object[] c : cases) {
            guest.memory.writeI32(64, 1024);
            guest.memory.writeI32(68, 0x7FFF_FFFF);
            JavaLayout l = JavaLayout.of((WitType) c[0], (Type) c[1]);
            assertThatThrownBy(() -> l.load(new Lifter(o), 64))
                    .as(c[1].toString())
                    .isInstanceOf(AbiTrap.class)
                    .hasMessageContaining("exceeds the limit");
            guest.memory.writeI32(68, 20_000);
            assertThatThrownBy(() -> l.load(new Lifter(o), 64))
                    .as(c[1] + " past the memory")
                    .isInstanceOf(AbiTrap.class)
                    .hasMessageContaining("outside the guest memory");
        }
        // many records naming the same bytes: the call's lifting budget stops them
        CanonicalOptions small =
                new CanonicalOptions(guest.memory, StringEncoding.UTF8, guest.realloc, null, null, 4096);
        WitType strings = type("", "list<list<s32>>");
        for (int i = 0; i < 100; i++) {
            guest.memory.writeI32(3000 + 8 * i, 8000);
            guest.memory.writeI32(3004 + 8 * i, 16);
        }
        guest.memory.writeI32(64, 3000);
        guest.memory.writeI32(68, 100);
        Type listOfArrays = Holder.class.getRecordComponents()[0].getGenericType();
        assertThatThrownBy(() -> JavaLayout.of(strings, listOfArrays).load(new Lifter(small), 64))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("past the limit of 4096 bytes");
    }

    record Holder(List<int[]> lists, List<Integer> ints) {}

    @Test
    void anEnumCaseOutOfRangeTrapsAndAnEnumWithoutTheConstantIsRefused() {
        CanonicalOptions o = guest.options();
        WitType level = type("enum level { junior, senior-staff, principal }", "level");
        JavaLayout l = JavaLayout.of(level, Level.class);
        guest.memory.writeByte(64, (byte) 1);
        assertThat(l.load(new Lifter(o), 64)).isEqualTo(Level.SENIOR_STAFF);
        guest.memory.writeByte(64, (byte) 3);
        assertThatThrownBy(() -> l.load(new Lifter(o), 64))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("discriminant 3");
        guest.memory.writeByte(64, (byte) 2);
        assertThatThrownBy(() -> l.load(new Lifter(o), 64))
                .isInstanceOf(ValueShapeException.class)
                .hasMessageContaining("'principal' is not a constant of Level");
    }
}
