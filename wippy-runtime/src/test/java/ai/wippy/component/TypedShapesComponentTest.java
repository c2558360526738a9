package ai.wippy.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.GuestErrorException;
import ai.wippy.call.WippyException;
import ai.wippy.engine.EngineMode;
import ai.wippy.runtime.FunctionHandle;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.RuntimeSettings;
import ai.wippy.value.JavaBinding;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Typed calls of the all-types component with the Java shapes beyond records: a variant result
 * lifted into a sealed interface's records, a variant argument lowered from one, a {@code result}
 * returning its {@code ok} and throwing its {@code error}, an enum and flags through the one flat
 * core result, and a POJO of public fields for a WIT record (beans and constructor-built
 * classes: {@code JavaLayoutShapesTest}), all through the same front door as every other call.
 */
class TypedShapesComponentTest {

    /** WIT {@code variant payload { empty, number(u32), text(string) }}. */
    sealed interface Payload permits Empty, Number, Text {}

    record Empty() implements Payload {}

    record Number(long value) implements Payload {}

    record Text(String value) implements Payload {}

    /** WIT {@code variant number { int(s64), float(f32), none }}. */
    sealed interface Numeric permits Int, Float, None {}

    record Int(long value) implements Numeric {}

    record Float(float value) implements Numeric {}

    record None() implements Numeric {}

    enum Color {
        RED,
        GREEN,
        BLUE
    }

    enum Perm {
        READ,
        WRITE,
        EXEC
    }

    /** WIT {@code record point { x: s32, y: s32 }} as a POJO of public fields; {@code label} is no WIT field. */
    public static class Point {
        public int x;
        public int y;
        public String label = "unset";
    }

    interface Types {
        Payload classify(int n);

        double numberValue(Numeric n);

        long checkedDiv(long a, long b);

        Color nextColor(Color c);

        Set<Perm> toggle(Set<Perm> p);

        Point mirror(Point p);
    }

    static final String YAML = TypedComponentCallTest.FIXTURES_FOR_USERS
            + entry("classify")
            + entry("number-value")
            + entry("checked-div")
            + entry("next-color")
            + entry("toggle")
            + entry("mirror");

    private static String entry(String method) {
        return """
                  - name: %s
                    kind: function.wasm
                    fs: fixtures
                    path: all-types/all-types.wasm
                    method: %s
                """.formatted(method.replace('-', '_'), method);
    }

    /** Policies in force: a call without an identity is denied. */
    private static WasmRegistry registry() {
        return WasmRegistry.builder()
                .document(TestRegistries.doc(YAML))
                .settings(new RuntimeSettings(EngineMode.COMPILER, false, Map.of(), true))
                .build();
    }

    private static CallContext users(WasmRegistry registry) {
        return TestRegistries.actingAs(registry, "alice", "users");
    }

    /** Calls entry {@code id} through the binding of {@code Types.method}, as user alice of group users. */
    private static Object call(WasmRegistry registry, String id, String method, Object... args) throws Exception {
        return call(users(registry), registry, id, method, args);
    }

    private static Object call(CallContext ctx, WasmRegistry registry, String id, String method, Object... args)
            throws Exception {
        Method m = java.util.Arrays.stream(Types.class.getMethods())
                .filter(x -> x.getName().equals(method))
                .findFirst()
                .orElseThrow();
        JavaBinding b = JavaBinding.of(
                registry.function(id).orElseThrow().signature(),
                m.getGenericParameterTypes(),
                m.getGenericReturnType());
        FunctionHandle h = registry.handle(id);
        return CallContext.runWith(ctx, () -> h.call(b, args));
    }

    private static org.assertj.core.api.ThrowingConsumer<Throwable> kind(ErrorKind kind) {
        return e -> assertThat(e)
                .isInstanceOfSatisfying(
                        WippyException.class, w -> assertThat(w.kind()).isEqualTo(kind));
    }

    @Test
    void aVariantLiftsIntoTheRecordsOfASealedInterfaceAndLowersFromThem() throws Exception {
        try (WasmRegistry registry = registry()) {
            assertThat(call(registry, "comp:classify", "classify", 0)).isEqualTo(new Empty());
            assertThat(call(registry, "comp:classify", "classify", 42)).isEqualTo(new Number(42));
            assertThat(call(registry, "comp:classify", "classify", -1)).isInstanceOf(Text.class);
            // a variant among the flat parameters: lowered from the case records
            assertThat(call(registry, "comp:number_value", "numberValue", new Int(-7)))
                    .isEqualTo(-7.0);
            assertThat(call(registry, "comp:number_value", "numberValue", new Float(2.5f)))
                    .isEqualTo(2.5);
            assertThat(call(registry, "comp:number_value", "numberValue", new None()))
                    .as("the guest's answer for none")
                    .isEqualTo(-1.0);
            assertThatThrownBy(() -> call(registry, "comp:number_value", "numberValue", (Object) null))
                    .satisfies(kind(ErrorKind.INVALID))
                    .hasMessageContaining("n: expected variant");
        }
    }

    @Test
    void aResultReturnsItsOkAndThrowsItsError() throws Exception {
        try (WasmRegistry registry = registry()) {
            assertThat(call(registry, "comp:checked_div", "checkedDiv", 42L, 5L))
                    .isEqualTo(8L);
            assertThatThrownBy(() -> call(registry, "comp:checked_div", "checkedDiv", 1L, 0L))
                    .isInstanceOf(GuestErrorException.class);
            assertThatThrownBy(() -> call(registry, "comp:checked_div", "checkedDiv", -1L, 1L))
                    .as("a Java value that does not fit is refused with its path")
                    .satisfies(kind(ErrorKind.INVALID))
                    .hasMessageContaining("a: value -1 is out of range for u32");
        }
    }

    @Test
    void anEnumAndFlagsComeBackThroughTheOneFlatResult() throws Exception {
        try (WasmRegistry registry = registry()) {
            assertThat(call(registry, "comp:next_color", "nextColor", Color.RED))
                    .isEqualTo(Color.GREEN);
            assertThat(call(registry, "comp:next_color", "nextColor", Color.BLUE))
                    .isEqualTo(Color.RED);
            assertThat(call(registry, "comp:toggle", "toggle", EnumSet.of(Perm.READ)))
                    .isEqualTo(EnumSet.of(Perm.WRITE, Perm.EXEC));
        }
    }

    @Test
    void aPojoGoesInAndComesOutStraightAndTheCallIsCheckedLikeEveryOther() throws Exception {
        try (WasmRegistry registry = registry()) {
            Point in = new Point();
            in.x = 3;
            in.y = -4;
            in.label = "sent nowhere";
            Point out = (Point) call(registry, "comp:mirror", "mirror", in);
            assertThat(out.x).isEqualTo(-4);
            assertThat(out.y).isEqualTo(3);
            assertThat(out.label).as("no WIT field: left at its default").isEqualTo("unset");
            assertThatThrownBy(() -> call(
                            TestRegistries.actingAs(registry, "mallory", "guests"),
                            registry,
                            "comp:mirror",
                            "mirror",
                            in))
                    .satisfies(kind(ErrorKind.PERMISSION_DENIED));
            assertThatThrownBy(() -> call(CallContext.empty(), registry, "comp:classify", "classify", 1))
                    .as("anonymous")
                    .satisfies(kind(ErrorKind.PERMISSION_DENIED));
        }
    }
}
