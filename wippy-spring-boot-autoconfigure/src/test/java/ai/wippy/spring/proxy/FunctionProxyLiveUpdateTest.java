package ai.wippy.spring.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.registry.RegistryDocument;
import ai.wippy.registry.ResourceBase;
import ai.wippy.runtime.WasmRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * A typed proxy resolves its function once and follows live registry updates: after {@code apply}
 * replaced the entry it calls the new version (also when the signature changed: the arguments are
 * then checked against the new one), and a removed entry fails with {@code NOT_FOUND} naming the ID.
 */
class FunctionProxyLiveUpdateTest {

    interface Adder {
        int add(int a, int b);

        Mono<Integer> addLater(int a, int b);
    }

    private static RegistryDocument doc(String name, String wit, String body) {
        String yaml = """
                version: "1.0"
                namespace: live
                entries:
                  - name: %s
                    kind: function.wat
                    method: add
                    wit: "%s"
                    source: '(module (func (export "add") %s))'
                """.formatted(name, wit, body);
        return new RegistryDocument(
                "live/_index.yaml",
                yaml,
                new ResourceBase.FileSystem(Path.of(".").toAbsolutePath()));
    }

    private static final String S32 = "add: func(a: s32, b: s32) -> s32;";
    private static final String SUM = "(param i32 i32) (result i32) local.get 0 local.get 1 i32.add";
    private static final String PRODUCT = "(param i32 i32) (result i32) local.get 0 local.get 1 i32.mul";

    @Test
    void theProxyCallsTheReplacingVersionAndNamesARemovedId() {
        try (WasmRegistry registry =
                WasmRegistry.builder().document(doc("add", S32, SUM)).build()) {
            Adder adder = new FunctionProxyFactory(registry).create(Adder.class, "live:add", "test");
            assertThat(adder.add(6, 7)).isEqualTo(13);
            assertThat(adder.addLater(6, 7).block(Duration.ofSeconds(10))).isEqualTo(13);

            registry.apply(List.of(doc("add", S32, PRODUCT)));
            assertThat(adder.add(6, 7)).isEqualTo(42);
            assertThat(adder.addLater(6, 7).block(Duration.ofSeconds(10))).isEqualTo(42);

            // a new signature: the proxy's binding was made for the old one, the call checks against the new
            registry.apply(List.of(doc(
                    "add",
                    "add: func(a: s64, b: s64) -> s64;",
                    "(param i64 i64) (result i64) local.get 0 local.get 1 i64.add")));
            assertThat(adder.add(6, 7))
                    .as("ints converted to s64, the s64 result range-checked to int")
                    .isEqualTo(13);
            registry.apply(List.of(doc(
                    "add", "add: func(a: s64, b: s64) -> s64;", "(param i64 i64) (result i64) i64.const 0x100000000")));
            assertThatThrownBy(() -> adder.add(6, 7))
                    .as("an s64 result that does not fit the declared int")
                    .hasMessageContaining("result");

            registry.apply(List.of(doc("other", S32, SUM)));
            assertThatThrownBy(() -> adder.add(6, 7))
                    .isInstanceOfSatisfying(
                            WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                    .hasMessageContaining("live:add");
            assertThatThrownBy(() -> adder.addLater(6, 7).block(Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(
                            WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                    .hasMessageContaining("live:add");

            registry.apply(List.of(doc("add", S32, SUM)));
            assertThat(adder.add(1, 2)).isEqualTo(3);
        }
    }
}
