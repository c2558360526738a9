package ai.wippy.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.component.host.WitInterface;
import ai.wippy.engine.EngineMode;
import ai.wippy.engine.ModuleCompiler;
import ai.wippy.fixtures.CalculatorHost;
import ai.wippy.fixtures.StringsHost;
import ai.wippy.fixtures.TestbedCounter;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The testbed fixtures (src/test/fixtures/component/testbed: our WAT reproducing the interfaces of
 * Wippy's testbed components) answer as Wippy's Go tests (testbed_test.go,
 * wasi_integration_test.go, runtime/complex_test.go...) and its test app's Lua tests say.
 */
class TestbedComponentsTest {

    private static final ModuleCompiler COMPILER = new ModuleCompiler(EngineMode.COMPILER);

    private static Component component(String name) {
        return ComponentFunctionLoader.compile(Fixtures.bytes("testbed/" + name + ".wasm"), COMPILER);
    }

    private static ComponentInstance instance(String name, ComponentLinker linker, String... granted) {
        return linker.instantiatePre(component(name), Set.of(granted), null).instantiate();
    }

    /** An instance of {@code name} whose {@code granted} import is served by {@code host}, a {@code @WitInterface} bean. */
    private static ComponentInstance withHost(String name, Object host, String granted) {
        return instance(name, new ComponentLinker().define(ReflectiveHostInterface.of(host)), granted);
    }

    private static Object call(ComponentInstance instance, String method, Object... args) throws Exception {
        return instance.function(method).orElseThrow().call(Arrays.asList(args));
    }

    @WitInterface("test:minimal/host")
    public static final class MinimalHost {
        final List<List<Long>> adds = new CopyOnWriteArrayList<>();

        public long add(long a, long b) {
            adds.add(List.of(a, b));
            return a + b;
        }
    }

    // minimal.wasm

    @Test
    void minimalComputesByItselfAndThroughTheHost() throws Exception {
        MinimalHost host = new MinimalHost();
        ComponentInstance i = withHost("minimal", host, "test:minimal/host");

        assertThat(call(i, "compute", 5L, 3L)).isEqualTo(15L);
        long[][] table = {{0, 0, 0}, {1, 1, 1}, {10, 20, 200}, {100, 100, 10000}, {0xFFFF, 1, 0xFFFF}};
        for (long[] row : table) {
            assertThat(call(i, "compute", row[0], row[1])).isEqualTo(row[2]);
        }
        assertThat(call(i, "compute-using-host", 7L, 8L)).isEqualTo(15L);
        assertThat(host.adds).containsExactly(List.of(7L, 8L));
    }

    @Test
    void anUngrantedImportNothingProvidesLinksAsAbsentAsInWippysTestApp() throws Exception {
        // Wippy's tests/app loads minimal_component.wasm with no host and no grant; compute(6, 7) = 42
        InstancePre pre = new ComponentLinker().instantiatePre(component("minimal"), Set.of(), null);
        ComponentInstance i = pre.instantiate();

        assertThat(pre.absentImports()).containsExactly("test:minimal/host@0.1.0");
        assertThat(call(i, "compute", 6L, 7L)).isEqualTo(42L);
        assertThatThrownBy(() -> call(i, "compute-using-host", 1L, 2L))
                .isInstanceOf(WippyException.class)
                .satisfies(e -> assertThat(((WippyException) e).kind()).isEqualTo(ErrorKind.CAPABILITY_DENIED))
                .hasMessageContaining("import 'test:minimal/host@0.1.0#add' is not provided")
                .hasMessageContaining("imports: [test:minimal/host]")
                .hasMessageContaining("@WitInterface(\"test:minimal/host\")");
    }

    @Test
    void aProvidedButUngrantedImportLinksAsAbsentAndSaysWhatToGrant() {
        ComponentLinker linker = new ComponentLinker().define(ReflectiveHostInterface.of(new MinimalHost()));
        InstancePre pre = linker.instantiatePre(component("minimal"), Set.of(), null);

        assertThat(pre.absentImports()).containsExactly("test:minimal/host@0.1.0");
        assertThatThrownBy(() -> call(pre.instantiate(), "compute-using-host", 1L, 2L))
                .isInstanceOf(WippyException.class)
                .hasMessageContaining("is not granted: add 'test:minimal/host' to the entry's imports");
    }

    @Test
    void aGrantMayNameTheImportWithItsVersion() throws Exception {
        MinimalHost host = new MinimalHost();
        ComponentLinker linker = new ComponentLinker().define(ReflectiveHostInterface.of(host));
        InstancePre pre = linker.instantiatePre(component("minimal"), Set.of("test:minimal/host@0.1.0"), null);

        assertThat(pre.absentImports()).isEmpty();
        assertThat(call(pre.instantiate(), "compute-using-host", 20L, 22L)).isEqualTo(42L);
        assertThat(host.adds).containsExactly(List.of(20L, 22L));
    }

    @Test
    void aGrantOfAnotherVersionIsALinkErrorNamingBoth() {
        ComponentLinker linker = new ComponentLinker().define(ReflectiveHostInterface.of(new MinimalHost()));

        assertThatThrownBy(() -> linker.instantiatePre(component("minimal"), Set.of("test:minimal/host@0.2.0"), null))
                .isInstanceOf(ComponentLinker.LinkError.class)
                .hasMessageContaining("grants 'test:minimal/host@0.2.0'")
                .hasMessageContaining("imports 'test:minimal/host@0.1.0'");
    }

    @Test
    void aGrantedImportNothingProvidesIsALinkError() {
        assertThatThrownBy(() ->
                        new ComponentLinker().instantiatePre(component("minimal"), Set.of("test:minimal/host"), null))
                .isInstanceOf(ComponentLinker.LinkError.class)
                .hasMessageContaining("the entry grants 'test:minimal/host'")
                .hasMessageContaining("no host interface provides instance 'test:minimal/host@0.1.0'");
    }

    // complex.wasm: a types-only imported instance, as cargo-component builds

    @Test
    void aTypesOnlyImportedInstanceNeedsNoHostNorGrant() {
        Component complex = component("complex");
        Component.ImportInfo types = complex.imports().get(0);

        assertThat(types.name()).isEqualTo("test:complex/types@0.1.0");
        assertThat(types.typesOnly()).isTrue();
        assertThat(component("minimal").imports().get(0).typesOnly()).isFalse();
        assertThat(component("minimal").imports().get(0).functions()).containsExactly("add");
        InstancePre pre = new ComponentLinker().instantiatePre(complex, Set.of(), null);
        assertThat(pre.absentImports()).isEmpty();
        assertThat(pre.instantiate().functionNames()).contains("echo-point", "filter-adults", "double-list");
    }

    @Test
    void complexEchoesRecordsEnumsVariantsAndFlags() throws Exception {
        ComponentInstance i = instance("complex", new ComponentLinker());

        assertThat(call(i, "echo-point", Map.of("x", 10, "y", 20))).isEqualTo(Map.of("x", 10, "y", 20));
        assertThat(call(i, "echo-person", Map.of("name", "Alice", "age", 30L)))
                .isEqualTo(Map.of("name", "Alice", "age", 30L));
        Map<String, Object> rect =
                Map.of("top-left", Map.of("x", 0, "y", 0), "bottom-right", Map.of("x", 100, "y", 50));
        assertThat(call(i, "echo-rectangle", rect)).isEqualTo(rect);
        for (String color : List.of("red", "green", "blue")) {
            assertThat(call(i, "echo-color", color)).isEqualTo(color);
        }
        for (VariantValue shape : List.of(
                new VariantValue("circle", 5L),
                new VariantValue("square", 10L),
                new VariantValue("rect", rect),
                new VariantValue("none", null))) {
            assertThat(call(i, "echo-shape", shape)).isEqualTo(shape);
        }
        assertThat(call(i, "echo-permissions", Set.of("read", "execute"))).isEqualTo(Set.of("read", "execute"));
        assertThat(call(i, "echo-permissions", Set.of())).isEqualTo(Set.of());
    }

    @Test
    void complexAnswersListsOptionsResultsAndTuples() throws Exception {
        ComponentInstance i = instance("complex", new ComponentLinker());

        assertThat(call(i, "echo-list-s32", List.of(1, -2, 3))).isEqualTo(List.of(1, -2, 3));
        assertThat(call(i, "echo-list-string", List.of("hello", "world", "foo", "bar")))
                .isEqualTo(List.of("hello", "world", "foo", "bar"));
        List<Map<String, Object>> points = List.of(Map.of("x", 1, "y", 2), Map.of("x", -3, "y", 4));
        assertThat(call(i, "echo-list-point", points)).isEqualTo(points);
        assertThat(call(i, "maybe-point", true)).isEqualTo(Map.of("x", 42, "y", 24));
        assertThat(call(i, "maybe-point", false)).isNull();
        assertThat(call(i, "maybe-string", true)).isEqualTo("hello");
        assertThat(call(i, "maybe-string", false)).isNull();
        assertThat(call(i, "try-divide", 10L, 2L)).isEqualTo(ResultValue.ok(5));
        assertThat(call(i, "try-divide", 10L, 0L))
                .isEqualTo(ResultValue.err(Map.of("code", 1L, "message", "division by zero")));
        assertThat(call(i, "try-parse", "42")).isEqualTo(ResultValue.ok(42));
        assertThat(call(i, "try-parse", "-17")).isEqualTo(ResultValue.ok(-17));
        assertThat(call(i, "try-parse", "not-a-number")).isEqualTo(ResultValue.err("invalid digit found in string"));
        assertThat(call(i, "try-parse", "")).isEqualTo(ResultValue.err("cannot parse integer from empty string"));
        assertThat(call(i, "swap-pair", 1L, 2L)).isEqualTo(List.of(2, 1));
        assertThat(call(i, "triple", 5L)).isEqualTo(List.of(5, 10, 15));
        List<Map<String, Object>> people = List.of(
                Map.of("name", "Alice", "age", 25L),
                Map.of("name", "Bob", "age", 15L),
                Map.of("name", "Charlie", "age", 30L));
        assertThat(call(i, "filter-adults", people)).isEqualTo(List.of(people.get(0), people.get(2)));
        assertThat(call(i, "filter-adults", List.of())).isEqualTo(List.of());
        assertThat(call(i, "sum-list", List.of(1L, 2L, 3L, 4L))).isEqualTo(10L);
        assertThat(call(i, "double-list", List.of(1, -2, 3))).isEqualTo(List.of(2, -4, 6));
        List<Integer> thousand = new ArrayList<>();
        for (int n = 0; n < 1000; n++) {
            thousand.add(n);
        }
        assertThat(call(i, "echo-list-s32", thousand)).isEqualTo(thousand);
    }

    @Test
    void listsOf16MiBCrossTheBoundaryBothWays() throws Exception {
        ComponentInstance i = instance("complex", new ComponentLinker());
        // 16 strings of 1 MiB, in and out
        List<String> strings = new ArrayList<>();
        for (int n = 0; n < 16; n++) {
            strings.add(String.valueOf((char) ('a' + n)).repeat(1 << 20));
        }
        assertThat(call(i, "echo-list-string", strings)).isEqualTo(strings);
        // 4 Mi s32 values, 16 MiB of guest memory
        List<Integer> numbers = new ArrayList<>(Collections.nCopies(4 << 20, 3));
        numbers.set(0, 7);
        assertThat(call(i, "sum-list", numbers)).isEqualTo(3L * (4 << 20) + 4);
    }

    // mapper.wasm: a types-only import next to WASI imports the entry does not grant

    @Test
    void mapperTransformsFiltersAndAggregatesAsWippysTestAppExpects() throws Exception {
        ComponentInstance i =
                instance("mapper", new ComponentLinker().defineAll(ai.wippy.wasi.p2.hosts.WasiPreview2.hosts()));
        List<Map<String, Object>> users = List.of(
                Map.of("id", 1L, "name", "Alice", "tags", List.of("admin", "dev"), "active", true),
                Map.of("id", 2L, "name", "Bob", "tags", List.of("user"), "active", false));

        assertThat(call(i, "transform-users", users))
                .isEqualTo(List.of(
                        Map.of("id", 1L, "display", "Alice [admin, dev]", "tag-count", 2L),
                        Map.of("id", 2L, "display", "Bob [user]", "tag-count", 1L)));
        assertThat(call(i, "filter-active", users))
                .isEqualTo(List.of(Map.of("id", 1L, "display", "Alice [admin, dev]", "tag-count", 2L)));
        assertThat(call(i, "aggregate-tags", users)).isEqualTo(List.of("admin", "dev", "user"));
        List<Map<String, Object>> repeated = List.of(
                Map.of("id", 1L, "name", "A", "tags", List.of("dev", "admin"), "active", true),
                Map.of("id", 2L, "name", "B", "tags", List.of(), "active", true),
                Map.of("id", 3L, "name", "C", "tags", List.of("user", "dev"), "active", true));
        assertThat(call(i, "aggregate-tags", repeated)).isEqualTo(List.of("dev", "admin", "user"));
        assertThat(call(i, "transform-users", repeated.subList(1, 2)))
                .isEqualTo(List.of(Map.of("id", 2L, "display", "B []", "tag-count", 0L)));
    }

    // calculator.wasm, strings.wasm: host functions with strings

    @Test
    void calculatorAsksTheHostToComputeAndLog() throws Exception {
        CalculatorHost host = new CalculatorHost();
        ComponentLinker linker = new ComponentLinker()
                .defineAll(ai.wippy.wasi.p2.hosts.WasiPreview2.hosts())
                .define(ReflectiveHostInterface.of(host));
        ComponentInstance i = instance("calculator", linker, "wisma:calculator/host");

        assertThat(call(i, "process", 6L, 7L)).isEqualTo(42L);
        for (long n = 1; n <= 5; n++) {
            assertThat(call(i, "process", n, 10L)).isEqualTo(n * 10);
        }
        assertThat(call(i, "process-with-log", 3L, 4L, "test message")).isEqualTo(12L);
        assertThat(host.logs).containsExactly("Component received: test message");
    }

    @Test
    void aWasiInterfaceMayBeGrantedByItsVersionedNameToo() {
        ComponentLinker linker = new ComponentLinker()
                .defineAll(ai.wippy.wasi.p2.hosts.WasiPreview2.hosts())
                .define(ReflectiveHostInterface.of(new CalculatorHost()));

        InstancePre ungranted = linker.instantiatePre(component("calculator"), Set.of("wisma:calculator/host"), null);
        InstancePre granted = linker.instantiatePre(
                component("calculator"), Set.of("wisma:calculator/host", "wasi:cli/environment@0.2.3"), null);

        assertThat(ungranted.linkedImports().get("wasi:cli/environment@0.2.3")).startsWith("UngrantedInterface");
        assertThat(granted.linkedImports().get("wasi:cli/environment@0.2.3")).doesNotStartWith("UngrantedInterface");
    }

    @Test
    void stringsCrossToTheHostAndBack() throws Exception {
        StringsHost host = new StringsHost();
        ComponentInstance i = withHost("strings", host, "test:strings/host");

        assertThat(call(i, "echo", "hello")).isEqualTo("hello");
        assertThat(call(i, "echo", "Hello 世界 🎉")).isEqualTo("Hello 世界 🎉");
        assertThat(call(i, "process", "test")).isEqualTo("test!");
        assertThat(host.logs).containsExactly("test");
    }

    // counter.wasm: a resource the host implements, served by a plain @WitInterface bean

    public static final class Counter extends TestbedCounter {
        static final AtomicInteger CLOSED = new AtomicInteger();

        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    @WitInterface(value = "test:counter/host", resources = Counter.class)
    public static final class CounterHost {}

    @Test
    void counterUsesAHostResourceThroughAWitInterfaceBean() throws Exception {
        ComponentInstance i = withHost("counter", new CounterHost(), "test:counter/host");
        int closedBefore = Counter.CLOSED.get();

        assertThat(call(i, "run-test", 5L)).isEqualTo(5L);
        assertThat(call(i, "run-test", 0L)).isEqualTo(0L);
        assertThat(call(i, "multi-test")).isEqualTo(6L);
        assertThat(Counter.CLOSED.get() - closedBefore).isEqualTo(5); // every counter was dropped
        assertThat(i.liveHandles()).isZero();
    }

    @Test
    void aResourceClassTheBeanDoesNotNameFailsTheInstantiationNamingTheFunction() {
        @WitInterface("test:counter/host")
        final class NoResources {}
        ComponentLinker linker = new ComponentLinker().define(ReflectiveHostInterface.of(new NoResources()));
        InstancePre pre = linker.instantiatePre(component("counter"), Set.of("test:counter/host"), null);

        assertThatThrownBy(pre::instantiate)
                .isInstanceOf(ComponentInstantiationException.class)
                .hasMessageContaining("test:counter/host")
                .hasMessageContaining("[constructor]counter");
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int n = 0; n + 1 < kv.length; n += 2) {
            m.put((String) kv[n], kv[n + 1]);
        }
        return m;
    }
}
