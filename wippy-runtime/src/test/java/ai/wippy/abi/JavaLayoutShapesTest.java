package ai.wippy.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.value.CanonicalValues;
import ai.wippy.value.JavaBinding;
import ai.wippy.value.ResultValue;
import ai.wippy.value.ValueShapeException;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitParser;
import ai.wippy.wit.WitType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link JavaLayout} for the Java shapes beyond records: POJOs (beans with setters, immutable
 * classes built by their constructor), sealed interfaces of records for variants, a function's
 * {@code result} lifted into its {@code ok}, results of one flat value, and argument lists spilled
 * to memory. Each laid out exactly as its canonical value is, checked as it is written (errors name
 * the path), and refused when the guest's discriminant or length is hostile.
 */
class JavaLayoutShapesTest {

    /** A bean: no-argument constructor, getters and setters; {@code note} is not in the WIT record. */
    public static class Account {
        private String owner;
        private long balance;
        private List<String> tags;
        private boolean active;
        private String note = "default";

        public Account() {}

        public String getOwner() {
            return owner;
        }

        public void setOwner(String owner) {
            this.owner = owner;
        }

        public long getBalance() {
            return balance;
        }

        public void setBalance(long balance) {
            this.balance = balance;
        }

        public List<String> getTags() {
            return tags;
        }

        public void setTags(List<String> tags) {
            this.tags = tags;
        }

        public boolean isActive() {
            return active;
        }

        public void setActive(boolean active) {
            this.active = active;
        }

        public String getNote() {
            return note;
        }

        public void setNote(String note) {
            this.note = note;
        }
    }

    /** Immutable: one public constructor (names compiled in, in another order), a public field and a getter. */
    public static final class Frozen {
        public final String owner;
        private final long balance;

        public Frozen(long balance, String owner) {
            this.owner = owner;
            this.balance = balance;
        }

        public long getBalance() {
            return balance;
        }
    }

    /** No property for {@code balance}. */
    public static class Partial {
        public String owner;
    }

    /** Readable, but nothing sets its fields. */
    public static final class ReadOnly {
        private final String owner;

        public ReadOnly(String owner, long balance, List<String> tags, boolean active, String extra) {
            this.owner = owner;
        }

        public String getOwner() {
            return owner;
        }

        public long getBalance() {
            return 0;
        }

        public List<String> getTags() {
            return List.of();
        }

        public boolean isActive() {
            return false;
        }
    }

    record Circle(double radius) implements Shape, TwoShapes {}

    record Label(String text) implements Shape, TwoShapes {}

    record Nothing() implements Shape {}

    record Many(List<Account> accounts) implements Shape {}

    sealed interface Shape permits Circle, Label, Nothing, Many {}

    sealed interface TwoShapes permits Circle, Label {}

    enum Level {
        LOW,
        HIGH
    }

    static final String DECLS = "record account { owner: string, balance: u64, tags: list<string>, active: bool }"
            + " record holder { owner: string, balance: u64 }"
            + " record circle-data { radius: f64 }"
            + " variant shape { circle(circle-data), label(string), nothing, many(list<account>) }"
            + " enum level { low, high }";

    private final TestGuest guest = new TestGuest();

    private static WitType type(String name) {
        return WitParser.parseFunction(DECLS + " f: func(x: " + name + ");", "f")
                .params()
                .get(0)
                .type();
    }

    private static FunctionSignature sig(String function) {
        return WitParser.parseFunction(DECLS + " " + function, "f");
    }

    private int store(JavaLayout layout, Object value) {
        Lowerer w = new Lowerer(guest.options());
        int ptr = w.allocate(Layout.alignment(layout.wit), Layout.size(layout.wit), "test");
        layout.store(w, value, ptr);
        return ptr;
    }

    /** Stores {@code value} the Java way and checks that it lays out as its canonical value and reads back. */
    private Object roundTrip(WitType wit, Class<?> java, Object value) {
        JavaLayout layout = JavaLayout.of(wit, java);
        assertThat(layout.direct()).as(java.getSimpleName()).isTrue();
        int ptr = store(layout, value);
        assertThat(new Lifter(guest.options()).load(wit, ptr))
                .as("what the Java layout wrote is the canonical value")
                .usingRecursiveComparison()
                .isEqualTo(CanonicalValues.toCanonical(wit, value, ""));
        return layout.load(new Lifter(guest.options()), ptr);
    }

    private static Account account(String owner, long balance, List<String> tags) {
        Account a = new Account();
        a.setOwner(owner);
        a.setBalance(balance);
        a.setTags(tags);
        a.setActive(true);
        a.setNote("not sent");
        return a;
    }

    @Test
    void beansAndImmutableClassesGoStraightBothWays() {
        Account back = (Account) roundTrip(type("account"), Account.class, account("ann", 1L << 40, List.of("a")));
        assertThat(back.getOwner()).isEqualTo("ann");
        assertThat(back.getBalance()).isEqualTo(1L << 40);
        assertThat(back.getTags()).containsExactly("a");
        assertThat(back.isActive()).isTrue();
        assertThat(back.getNote()).as("no WIT field: left at its default").isEqualTo("default");

        Frozen frozen = (Frozen) roundTrip(type("holder"), Frozen.class, new Frozen(7, "bo"));
        assertThat(frozen.owner).isEqualTo("bo");
        assertThat(frozen.getBalance()).isEqualTo(7);
    }

    @Test
    void aPojoValueThatDoesNotFitIsRefusedNamingThePath() {
        JavaLayout layout = JavaLayout.of(type("account"), Account.class);
        List<String> tags = new ArrayList<>(List.of("a"));
        tags.add(null);
        assertThatThrownBy(() -> store(layout, account("ann", 1, tags)))
                .isInstanceOf(ValueShapeException.class)
                .hasMessageStartingWith("tags[1]: expected string");
        assertThatThrownBy(() -> store(layout, account("ann", -1, List.of())))
                .isInstanceOf(ValueShapeException.class)
                .hasMessageStartingWith("balance: ");
    }

    @Test
    void aPojoThatCannotCarryTheRecordIsRefusedWhenTheBindingIsMade() throws Exception {
        FunctionSignature sig = sig("f: func(a: account) -> account;");
        assertThatThrownBy(() -> bind(sig, "partial", Partial.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a: Partial has no property for field 'balance' of record account");
        // readable, so it can be an argument; nothing sets its fields, so it cannot be the result
        assertThat(bind(sig("f: func(a: account);"), "readOnlyArg", ReadOnly.class))
                .isNotNull();
        assertThatThrownBy(() -> bind(sig, "readOnly", ReadOnly.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("result: ")
                .hasMessageContaining("ReadOnly");
        assertThatThrownBy(() -> bind(sig("f: func(s: shape);"), "shortArg", Short.class))
                .as("a sealed interface without a record for each case")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s: TwoShapes permits no record named for case 'nothing' of variant shape");
        assertThatThrownBy(() -> bind(sig("f: func(s: list<shape>);"), "shapesOfPartials", null))
                .as("inside a variant's payload")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s[]<many>[]: Partial has no property for field 'balance'");
    }

    interface Api {
        Partial partial(Partial a);

        void readOnlyArg(ReadOnly a);

        ReadOnly readOnly(ReadOnly a);

        void shortArg(TwoShapes s);

        void shapesOfPartials(List<BadShape> s);

        Level level(Account a);

        Account account(String owner);

        Shape shape(Shape s);

        void spilled(Account a, Account b, Account c, Account d);
    }

    sealed interface BadShape permits BadShape.Circle, BadShape.Label, BadShape.Nothing, BadShape.Many {
        record Circle(double radius) implements BadShape {}

        record Label(String text) implements BadShape {}

        record Nothing() implements BadShape {}

        record Many(List<Partial> accounts) implements BadShape {}
    }

    private static JavaBinding bind(FunctionSignature sig, String method, Class<?> ignored) throws Exception {
        Method m = Arrays.stream(Api.class.getMethods())
                .filter(x -> x.getName().equals(method))
                .findFirst()
                .orElseThrow();
        return JavaBinding.of(sig, m.getGenericParameterTypes(), m.getGenericReturnType());
    }

    @Test
    void aVariantGoesStraightToTheRecordsOfASealedInterface() {
        WitType shape = type("shape");
        assertThat(roundTrip(shape, Shape.class, new Circle(1.5))).isEqualTo(new Circle(1.5));
        assertThat(roundTrip(shape, Shape.class, new Label("日本"))).isEqualTo(new Label("日本"));
        assertThat(roundTrip(shape, Shape.class, new Nothing())).isEqualTo(new Nothing());
        Many many = (Many) roundTrip(shape, Shape.class, new Many(List.of(account("cy", 3, List.of()))));
        assertThat(many.accounts().get(0).getOwner()).isEqualTo("cy");
        // the canonical way stores the same, which the Java layout reads
        int other = new Lowerer(guest.options()).allocate(8, Layout.size(shape), "test");
        CanonicalAbi.store(guest.options(), shape, CanonicalValues.toCanonical(shape, new Label("x"), ""), other);
        assertThat(JavaLayout.of(shape, Shape.class).load(new Lifter(guest.options()), other))
                .isEqualTo(new Label("x"));
        assertThatThrownBy(() -> store(JavaLayout.of(shape, Shape.class), new Label(null)))
                .as("a payload that does not fit, named with its case")
                .isInstanceOf(ValueShapeException.class)
                .hasMessageStartingWith("<label>: expected string");
    }

    @Test
    void aHostileCaseIndexOrPayloadLengthFromTheGuestTraps() {
        WitType shape = type("shape");
        JavaLayout layout = JavaLayout.of(shape, Shape.class);
        guest.memory.writeByte(64, (byte) 4);
        assertThatThrownBy(() -> layout.load(new Lifter(guest.options()), 64))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("discriminant 4 of");
        guest.memory.writeByte(64, (byte) 1);
        guest.memory.writeI32(72, 1024);
        guest.memory.writeI32(76, 0x7FFF_FFFF);
        assertThatThrownBy(() -> layout.load(new Lifter(guest.options()), 64))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("exceeds the limit");
    }

    @Test
    void aResultLiftsItsOkStraightAndKeepsItsErrorCanonical() {
        FunctionSignature sig = sig("f: func() -> result<account, string>;");
        JavaLayout layout = JavaLayout.ofResult(sig.result(), Account.class);
        CanonicalOptions o = guest.options();
        int ok = new Lowerer(o).allocate(4, Layout.size(sig.result()), "test");
        CanonicalAbi.store(
                o,
                sig.result(),
                ResultValue.ok(CanonicalValues.toCanonical(type("account"), account("di", 9, List.of("t")), "")),
                ok);
        ResultValue r = (ResultValue) layout.handOn(new Lifter(o), ok);
        assertThat(r.ok()).isTrue();
        JavaBinding binding = JavaBinding.of(sig, new java.lang.reflect.Type[0], Account.class);
        Account back = (Account) binding.lift(r.value());
        assertThat(back.getOwner()).isEqualTo("di");
        assertThat(back.getTags()).containsExactly("t");

        int err = new Lowerer(o).allocate(4, Layout.size(sig.result()), "test");
        CanonicalAbi.store(o, sig.result(), ResultValue.err("boom"), err);
        assertThat(layout.handOn(new Lifter(o), err)).isEqualTo(ResultValue.err("boom"));

        guest.memory.writeByte(err, (byte) 2);
        assertThatThrownBy(() -> layout.load(new Lifter(o), err))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("discriminant 2");
    }

    @Test
    void aResultOfOneFlatValueLiftsStraight() throws Exception {
        FunctionSignature sig = sig("f: func(a: account) -> level;");
        JavaBinding binding = bind(sig, "level", null);
        List<Object> args = binding.lower(List.of(account("x", 1, List.of())));
        assertThat(JavaCall.of(binding, sig).result).isNotNull();
        assertThat(binding.lift(CanonicalAbi.callExport(guest.options(), sig, flat -> new long[] {1}, args)))
                .isEqualTo(Level.HIGH);
        assertThatThrownBy(() -> CanonicalAbi.callExport(guest.options(), sig, flat -> new long[] {2}, args))
                .isInstanceOf(AbiTrap.class)
                .hasMessageContaining("discriminant 2 of level");
    }

    @Test
    void argumentsSpilledToMemoryAreWrittenStraight() throws Exception {
        FunctionSignature sig = sig("f: func(a: account, b: account, c: account, d: account);");
        JavaBinding binding = bind(sig, "spilled", null);
        Account[] given = {
            account("a", 1, List.of("x")),
            account("b", 2, List.of()),
            account("c", 3, List.of()),
            account("d", 4, List.of())
        };
        List<Object> args = binding.lower(Arrays.asList((Object[]) given));
        WitType.TupleType tuple =
                new WitType.TupleType(sig.params().stream().map(p -> p.type()).toList());
        Object[] seen = new Object[1];
        CanonicalAbi.callExport(
                guest.options(),
                sig,
                flat -> {
                    assertThat(flat).as("one pointer to the arguments").hasSize(1);
                    seen[0] = new Lifter(guest.options()).loadTuple(tuple, (int) flat[0]);
                    return new long[0];
                },
                args);
        assertThat(seen[0])
                .usingRecursiveComparison()
                .isEqualTo(CanonicalValues.toCanonical(tuple, Arrays.asList((Object[]) given), ""));
        given[2].setBalance(-5);
        assertThatThrownBy(() -> CanonicalAbi.callExport(guest.options(), sig, flat -> new long[0], args))
                .isInstanceOf(ValueShapeException.class)
                .hasMessageStartingWith("c.balance: ");
        assertThat(args)
                .as("the Java arguments, handed on as they are")
                .isInstanceOf(ai.wippy.value.JavaArguments.class);
    }
}
