package ai.wippy.spring.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.Actor;
import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.engine.EngineMode;
import ai.wippy.registry.RegistryDocument;
import ai.wippy.registry.ResourceBase;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.security.PolicyScope;
import ai.wippy.spi.RuntimeSettings;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The generated proxy class of a public interface over a function of scalars: its primitive
 * methods call the scalar entry, the others (Mono, futures, boxed types) keep the JDK proxy's
 * behaviour, as do default methods, {@code toString}, {@code equals} and {@code hashCode}; a live
 * update is followed, a changed signature converted, a removed entry named, the caller checked.
 */
class ScalarProxyTest {

    public interface Adder {
        int add(int a, int b);

        Mono<Integer> addLater(int a, int b);

        CompletableFuture<Integer> addFuture(int a, int b);

        Integer addBoxed(Integer a, Integer b);

        default int twice(int a) {
            return add(a, a);
        }
    }

    public interface Floats {
        float half(float x);
    }

    public interface Wide {
        long add(long a, long b);
    }

    private static RegistryDocument doc(String yaml) {
        return new RegistryDocument(
                "p/_index.yaml", yaml, new ResourceBase.FileSystem(Path.of(".").toAbsolutePath()));
    }

    private static RegistryDocument add(String wit, String body) {
        return doc("""
                version: "1.0"
                namespace: p
                entries:
                  - name: add
                    kind: function.wat
                    method: add
                    wit: "%s"
                    source: '(module (func (export "add") %s))'
                  - name: half
                    kind: function.wat
                    method: f
                    wit: "f: func(x: f32) -> f32;"
                    source: '(module (func (export "f") (param f32) (result f32) local.get 0 f32.const 0.5 f32.mul))'
                  - name: wide
                    kind: function.wat
                    method: f
                    wit: "f: func(a: u32, b: u32) -> u32;"
                    source: '(module (func (export "f") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))'
                """.formatted(wit, body));
    }

    private static final String S32 = "add: func(a: s32, b: s32) -> s32;";
    private static final String SUM = "(param i32 i32) (result i32) local.get 0 local.get 1 i32.add";

    @Test
    void primitiveMethodsCallTheScalarEntryAndTheOthersKeepTheJdkProxysBehaviour() {
        try (WasmRegistry registry =
                WasmRegistry.builder().document(add(S32, SUM)).build()) {
            FunctionProxyFactory factory = new FunctionProxyFactory(registry);
            Adder adder = factory.create(Adder.class, "p:add", "test");
            assertThat(Proxy.isProxyClass(adder.getClass()))
                    .as("a generated class")
                    .isFalse();
            assertThat(adder.add(6, 7)).isEqualTo(13);
            assertThat(adder.add(-6, 2)).isEqualTo(-4);
            assertThat(adder.twice(21)).as("a default method").isEqualTo(42);
            assertThat(adder.addLater(6, 7).block(Duration.ofSeconds(10))).isEqualTo(13);
            assertThat(adder.addFuture(1, 2).join()).isEqualTo(3);
            assertThat(adder.addBoxed(2, 3)).isEqualTo(5);
            assertThatThrownBy(() -> adder.addBoxed(null, 3))
                    .isInstanceOfSatisfying(
                            WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID));
            assertThat(adder).hasToString("WippyFunction proxy Adder -> p:add");
            assertThat(adder).isEqualTo(adder).isNotEqualTo(factory.create(Adder.class, "p:add", "test"));
            assertThat(adder.hashCode()).isEqualTo(System.identityHashCode(adder));

            assertThat(factory.create(Floats.class, "p:half", "test").half(3f)).isEqualTo(1.5f);
            Wide wide = factory.create(Wide.class, "p:wide", "test");
            assertThat(wide.add(0xFFFF_FFF0L, 0x10L)).as("u32 wraps").isZero();
            assertThatThrownBy(() -> wide.add(-1L, 0L))
                    .as("a long outside u32")
                    .isInstanceOfSatisfying(
                            WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID))
                    .hasMessageContaining("'a'")
                    .hasMessageContaining("u32");
        }
    }

    @Test
    void aLiveUpdateIsFollowedAChangedSignatureConvertedAndARemovedIdNamed() {
        try (WasmRegistry registry =
                WasmRegistry.builder().document(add(S32, SUM)).build()) {
            Adder adder = new FunctionProxyFactory(registry).create(Adder.class, "p:add", "test");
            assertThat(adder.add(6, 7)).isEqualTo(13);

            registry.apply(List.of(add(S32, "(param i32 i32) (result i32) local.get 0 local.get 1 i32.mul")));
            assertThat(adder.add(6, 7)).isEqualTo(42);

            registry.apply(List.of(add(
                    "add: func(a: s64, b: s64) -> s64;",
                    "(param i64 i64) (result i64) local.get 0 local.get 1 i64.sub")));
            assertThat(adder.add(6, 7))
                    .as("ints converted to s64 by the general path")
                    .isEqualTo(-1);
            registry.apply(List.of(
                    add("add: func(a: s64, b: s64) -> s64;", "(param i64 i64) (result i64) i64.const 0x100000000")));
            assertThatThrownBy(() -> adder.add(6, 7)).hasMessageContaining("result");

            RegistryDocument full = add(S32, SUM);
            registry.apply(List.of(
                    doc(full.content().replace("name: add", "name: other").replace("method: add", "method: add"))));
            assertThatThrownBy(() -> adder.add(6, 7))
                    .isInstanceOfSatisfying(
                            WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                    .hasMessageContaining("p:add");

            registry.apply(List.of(add(S32, SUM)));
            assertThat(adder.add(6, 7)).isEqualTo(13);
        }
    }

    @Test
    void theCallersIdentityIsCheckedOnEveryCallOfAGeneratedMethod() throws Exception {
        RegistryDocument secured = doc("""
                version: "1.0"
                namespace: p
                entries:
                  - name: users-call
                    kind: security.policy
                    groups: [users]
                    policy: { actions: funcs.call, resources: "p:*", effect: allow }
                  - name: add
                    kind: function.wat
                    method: add
                    wit: "%s"
                    source: '(module (func (export "add") %s))'
                """.formatted(S32, SUM));
        try (WasmRegistry registry = WasmRegistry.builder()
                .settings(new RuntimeSettings(EngineMode.COMPILER, true, Map.of()))
                .document(secured)
                .build()) {
            Adder adder = new FunctionProxyFactory(registry).create(Adder.class, "p:add", "test");
            PolicyScope users = registry.policies().scopeForGroups(List.of("users"));
            PolicyScope guests = registry.policies().scopeForGroups(List.of("guests"));
            CallContext alice = CallContext.empty().withActor(Actor.of("alice")).withScope(users);
            CallContext bob = CallContext.empty().withActor(Actor.of("bob")).withScope(guests);
            for (int i = 0; i < 3; i++) {
                assertThat(CallContext.runWith(alice, () -> adder.add(6, 7))).isEqualTo(13);
                assertThatThrownBy(() -> CallContext.runWith(bob, () -> adder.add(6, 7)))
                        .isInstanceOfSatisfying(
                                WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED))
                        .hasMessageContaining("bob");
                assertThatThrownBy(() -> adder.add(6, 7))
                        .isInstanceOfSatisfying(
                                WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED))
                        .hasMessageContaining("anonymous caller");
            }
        }
    }
}
