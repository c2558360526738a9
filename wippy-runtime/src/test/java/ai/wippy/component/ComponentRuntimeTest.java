package ai.wippy.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.component.host.WitInterface;
import ai.wippy.engine.EngineMode;
import ai.wippy.engine.ModuleCompiler;
import ai.wippy.fixtures.LoggingHost;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Components built by real toolchains, instantiated on Chicory and called with canonical values. */
class ComponentRuntimeTest {

    private final ModuleCompiler compiler = new ModuleCompiler(EngineMode.COMPILER);

    private ComponentInstance instantiate(String fixture, ComponentLinker linker, Set<String> granted) {
        Component component = Component.compile(Fixtures.bytes(fixture), compiler);
        return linker.instantiatePre(component, granted, null).instantiate();
    }

    private Object call(ComponentInstance instance, String method, Object... args) throws Exception {
        return instance.function(method).orElseThrow().call(java.util.Arrays.asList(args));
    }

    @Test
    void transformUsersTakesAndReturnsListsOfRecords() throws Exception {
        ComponentInstance instance =
                instantiate("transform-users/transform-users.wasm", new ComponentLinker(), Set.of());
        var users = List.of(
                Map.of("name", "ada", "age", 36L, "tags", List.of("math", "engines")),
                Map.of("name", "tim", "age", 12L, "tags", List.of()));

        Object result = call(instance, "transform-users", users);

        assertThat(result)
                .isEqualTo(List.of(
                        Map.of("name", "ADA", "adult", true, "tag-count", 2L, "first-tag", "math"),
                        mapWithNull("name", "TIM", "adult", false, "tag-count", 0L, "first-tag")));
        assertThat(instance.function("transform-users")
                        .orElseThrow()
                        .signature()
                        .describe())
                .isEqualTo("transform-users: func(users: list<user>) -> list<display>");
    }

    private static Map<String, Object> mapWithNull(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        m.put((String) kv[kv.length - 1], null);
        return m;
    }

    @Test
    void aPooledInstanceCanBeCalledManyTimes() throws Exception {
        ComponentInstance instance =
                instantiate("transform-users/transform-users.wasm", new ComponentLinker(), Set.of());
        List<Object> users = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            users.add(Map.of("name", "user" + i, "age", (long) i, "tags", List.of("t" + i)));
        }
        for (int round = 0; round < 50; round++) {
            List<?> out = (List<?>) call(instance, "transform-users", users);
            assertThat(out).hasSize(500);
        }
    }

    @Test
    void everyValueTypeCrossesTheBoundary() throws Exception {
        ComponentInstance i = instantiate("all-types/all-types.wasm", new ComponentLinker(), Set.of());

        assertThat(call(i, "add-ints", -1, 200, -3, 4000, -5, 6L, -7L, 8L)).isEqualTo(4198L);
        assertThat(call(i, "negate", true)).isEqualTo(false);
        assertThat(call(i, "scale", 1.5f, 2.25)).isEqualTo(3.375);
        assertThat(call(i, "halve", 3f)).isEqualTo(1.5f);
        assertThat(call(i, "next-char", "a")).isEqualTo("b");
        assertThat(call(i, "echo-string", "héllo 😀")).isEqualTo("héllo 😀");
        assertThat(call(i, "sum-list", List.of(1L, 2L, 4294967295L))).isEqualTo(4294967298L);
        assertThat(call(i, "swap", List.of(7, "seven"))).isEqualTo(List.of("seven", 7));
        assertThat(call(i, "classify", 0)).isEqualTo(new VariantValue("empty", null));
        assertThat(call(i, "classify", 42)).isEqualTo(new VariantValue("number", 42L));
        assertThat(call(i, "classify", -1)).isEqualTo(new VariantValue("text", "negative"));
        assertThat(call(i, "next-color", "blue")).isEqualTo("red");
        assertThat(call(i, "maybe-double", 21L)).isEqualTo(42L);
        assertThat(call(i, "maybe-double", (Object) null)).isNull();
        assertThat(call(i, "checked-div", 9L, 2L)).isEqualTo(ResultValue.ok(4L));
        assertThat(call(i, "checked-div", 1L, 0L)).isEqualTo(ResultValue.err("division by zero"));
        assertThat(call(i, "toggle", Set.of("read", "exec"))).isEqualTo(Set.of("write"));
        assertThat(call(i, "mirror", Map.of("x", -1, "y", 2))).isEqualTo(Map.of("x", 2, "y", -1));
    }

    @Test
    void unsigned64BitValuesAboveLongMaxAreBigIntegers() throws Exception {
        ComponentInstance i = instantiate("all-types/all-types.wasm", new ComponentLinker(), Set.of());

        Object sum = call(i, "add-ints", 0, 0, 0, 0, 0, 0L, 0L, new BigInteger("18446744073709551615").longValue());

        assertThat(sum).isEqualTo(-1L); // s64 result: u64::MAX wraps to -1 as the guest adds
    }

    @Test
    void resourcesAreCreatedUsedThroughBorrowsAndDropped() throws Exception {
        ComponentInstance i = instantiate("all-types/all-types.wasm", new ComponentLinker(), Set.of());

        var counter = (ai.wippy.value.ResourceHandle) call(i, "counters#[constructor]counter", 5L);
        assertThat(counter.own()).isTrue();
        assertThat(i.liveHandles()).isEqualTo(1);
        var borrowed = new ai.wippy.value.ResourceHandle(counter.resource(), counter.handle(), false);
        assertThat(call(i, "counters#[method]counter.increment", borrowed)).isEqualTo(6L);
        assertThat(call(i, "counters#[method]counter.increment", borrowed)).isEqualTo(7L);

        i.dropResource(counter);

        assertThat(i.liveHandles()).isZero();
        assertThat(call(i, "dropped-count")).isEqualTo(1L);
    }

    @Test
    void aJavaObjectImplementsAnImportedInterface() throws Exception {
        MinimalHost host = new MinimalHost();
        ComponentLinker linker = new ComponentLinker().define(ReflectiveHostInterface.of(host));
        ComponentInstance i = instantiate("host-call/host-call.wasm", linker, Set.of("test:minimal/host"));

        assertThat(call(i, "greet", "ada")).isEqualTo("hello, ada");
        assertThat(call(i, "sum-via-host", 2, 40)).isEqualTo(42);
        assertThat(host.logs).containsExactly("ada");
    }

    @Test
    void anUngrantedWasiImportLinksButRefusesCalls() {
        ComponentLinker linker = new ComponentLinker().define(ReflectiveHostInterface.of(new MinimalHost()));
        ComponentInstance i = instantiate("host-call/host-call.wasm", linker, Set.of("test:minimal/host"));

        assertThatThrownBy(() -> call(i, "lucky-number"))
                .isInstanceOf(WippyException.class)
                .hasMessageContaining("capability not granted: wasi:random")
                .satisfies(e -> assertThat(((WippyException) e).kind()).isEqualTo(ErrorKind.CAPABILITY_DENIED));
    }

    @Test
    void aGrantedApplicationImportNobodyProvidesIsALinkError() {
        Component component = Component.compile(Fixtures.bytes("host-call/host-call.wasm"), compiler);

        assertThatThrownBy(() -> new ComponentLinker().instantiatePre(component, Set.of("test:minimal/host"), null))
                .isInstanceOf(ComponentLinker.LinkError.class)
                .hasMessageContaining("test:minimal/host")
                .hasMessageContaining("no host interface provides");
    }

    @Test
    void aProvidedButUngrantedApplicationImportLinksAsAbsent() {
        Component component = Component.compile(Fixtures.bytes("host-call/host-call.wasm"), compiler);
        ComponentLinker linker = new ComponentLinker().define(ReflectiveHostInterface.of(new MinimalHost()));
        InstancePre pre = linker.instantiatePre(component, Set.of(), null);

        assertThat(pre.absentImports()).containsExactly("test:minimal/host");
        assertThatThrownBy(() -> call(pre.instantiate(), "greet", "ada"))
                .isInstanceOf(WippyException.class)
                .hasMessageContaining("import 'test:minimal/host#log' is not granted: add 'test:minimal/host'");
    }

    @Test
    void theCComponentRunsThroughTheWasiReactorAdapter() throws Exception {
        ComponentInstance i = instantiate("c-transform/transform.wasm", new ComponentLinker(), Set.of());

        Object out = call(
                i, "transform-users", List.of(Map.of("name", "grace", "age", 85L, "tags", List.of("navy", "cobol"))));

        assertThat(out)
                .isEqualTo(List.of(Map.of("name", "GRACE", "adult", true, "tag-count", 2L, "first-tag", "navy")));
        // wasi:cli is not granted: the environment is absent, not an error
        assertThat(call(i, "count-env")).isEqualTo(0L);
    }

    @Test
    void latin1PlusUtf16StringsAreLatin1WhenTheyCanBe() throws Exception {
        ComponentInstance i = instantiate("utf16-echo/latin1-length.wasm", new ComponentLinker(), Set.of());

        assertThat(call(i, "tagged-length", "café")).isEqualTo(4L);
        assertThat(call(i, "tagged-length", "snow ☃")).isEqualTo(0x8000_0000L | 6);
    }

    /** test:minimal/host of the host-call fixture: {@code log} and {@code add}. */
    @WitInterface("test:minimal/host")
    public static final class MinimalHost extends LoggingHost {
        public int add(int a, int b) {
            return a + b;
        }
    }
}
