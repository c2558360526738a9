package ai.wippy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.CallContext;
import ai.wippy.pool.PoolConfig;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.registry.RegistryException;
import ai.wippy.spi.EntryHandler;
import ai.wippy.spi.LoadContext;
import ai.wippy.spi.PooledFunction;
import ai.wippy.spi.RegisteredFunction;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link WasmRegistry#apply} is a transaction: a broken version is refused whole and the old one
 * serves on; a good one is installed at once, a call in flight finishes on the old version, whose
 * replaced functions close only after it, and unchanged entries keep their function.
 */
class RegistryApplyTest {

    static String yaml(int answer, String blockerField) {
        return TestRegistries.head("t") + """
                  - name: answer
                    kind: function.wat
                    method: f
                    wit: "f: func() -> s32;"
                    source: '(module (func (export "f") (result i32) i32.const %d))'
                  - name: same
                    kind: function.wat
                    method: f
                    wit: "f: func() -> s32;"
                    source: '(module (func (export "f") (result i32) i32.const 7))'
                  - name: slow
                    kind: test.slow
                    version: %s
                """.formatted(answer, blockerField);
    }

    /** test.slow: answers its entry's 'version' field, after the latch opens; records its closing. */
    static final class Slow implements EntryHandler {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Set<String> closed = ConcurrentHashMap.newKeySet();

        @Override
        public Set<String> kinds() {
            return Set.of("test.slow");
        }

        @Override
        public void load(RegistryEntry entry, LoadContext context) {
            String version = entry.string("version");
            FunctionSignature signature = new FunctionSignature("slow", List.of(), WitType.Primitive.STRING);
            context.addFunction(new PooledFunction<Void>(entry, signature, PoolConfig.defaults(), null, null) {
                @Override
                protected Object call(Void instance, List<Object> args) {
                    throw new UnsupportedOperationException("invoke answers without a pool");
                }

                @Override
                public Object invoke(CallContext ctx, List<Object> args) throws Exception {
                    if (version.equals("v1")) {
                        entered.countDown();
                        release.await(30, TimeUnit.SECONDS);
                    }
                    return version;
                }

                @Override
                public void close() {
                    closed.add(version);
                }
            });
        }
    }

    private static WasmRegistry boot(int answer, String slowVersion, EntryHandler slow) {
        return WasmRegistry.builder()
                .document(TestRegistries.doc(yaml(answer, slowVersion)))
                .handler(slow)
                .build();
    }

    @Test
    void aGoodVersionIsInstalledAtOnceAndABrokenOneIsRefusedWhole() {
        try (WasmRegistry r = boot(42, "v0", new Slow())) {
            RegisteredFunction same = r.function("t:same").orElseThrow();
            WasmRegistry.ApplyResult result = r.apply(List.of(TestRegistries.doc(yaml(43, "v0"))));
            assertThat(r.call("t:answer")).isEqualTo(43);
            assertThat(result.loaded()).containsExactly("t:answer");
            assertThat(result.kept()).containsExactlyInAnyOrder("t:same", "t:slow");
            assertThat(r.function("t:same").orElseThrow()).isSameAs(same);

            String broken = yaml(44, "v0").replace("i32.const 44", "i32.const");
            assertThatThrownBy(() -> r.apply(List.of(TestRegistries.doc(broken))))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("t:answer");
            assertThat(r.lastApplyFailure()).isInstanceOf(RegistryException.class);
            assertThat(r.call("t:answer")).isEqualTo(43);
            assertThat(r.function("t:same").orElseThrow()).isSameAs(same);

            r.apply(List.of(TestRegistries.doc(yaml(45, "v0").replace("  - name: same", "  - name: other"))));
            assertThat(r.call("t:answer")).isEqualTo(45);
            assertThat(r.function("t:same")).isEmpty();
            assertThat(r.call("t:other")).isEqualTo(7);
            assertThat(r.lastApplyFailure()).isNull();
        }
    }

    @Test
    void aCallInFlightFinishesOnTheOldVersionWhichClosesAfterIt() throws Exception {
        Slow slow = new Slow();
        try (WasmRegistry r = boot(42, "v1", slow)) {
            CompletableFuture<Object> inFlight = CompletableFuture.supplyAsync(() -> r.call("t:slow"));
            assertThat(slow.entered.await(30, TimeUnit.SECONDS)).isTrue();

            r.apply(List.of(TestRegistries.doc(yaml(43, "v2"))));
            assertThat(r.call("t:slow")).isEqualTo("v2");
            assertThat(r.call("t:answer")).isEqualTo(43);
            assertThat(slow.closed).as("the old version is still in use").isEmpty();

            slow.release.countDown();
            assertThat(inFlight.get(30, TimeUnit.SECONDS)).isEqualTo("v1");
            assertThat(slow.closed).containsExactly("v1");
        }
        assertThat(slow.closed).containsExactlyInAnyOrder("v1", "v2");
    }

    @Test
    void theSameContextReachesTheNewVersion() {
        try (WasmRegistry r = boot(1, "v0", new Slow())) {
            r.apply(List.of(TestRegistries.doc(yaml(2, "v0"))));
            assertThat(r.caller().withContext(Map.of("k", "v")).call("t:answer"))
                    .isEqualTo(2);
        }
    }

    private static ai.wippy.registry.RegistryDocument fileDoc(java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path index = dir.resolve("_index.yaml");
        try (var in = java.nio.file.Files.newInputStream(index)) {
            return ai.wippy.registry.RegistryDocument.read(
                    index.toString(),
                    in,
                    new ai.wippy.registry.ResourceBase.FileSystem(dir),
                    ai.wippy.registry.RegistryOptions.defaults());
        }
    }

    /**
     * Entries that read files are kept when the bytes of their files did not change, and loaded anew
     * when they did; an entry that imports other entries is always loaded anew.
     */
    @Test
    void aFileEntryIsKeptUnlessItsFileChanged(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("_index.yaml"), """
                version: "1.0"
                namespace: f
                entries:
                  - { name: one, kind: function.wat, method: f, wit: "f: func() -> s32;", source: file://one.wat }
                  - { name: two, kind: function.wat, method: f, wit: "f: func() -> s32;", source: file://two.wat }
                  - { name: lib, kind: library.lua, source: file://lib.lua }
                  - name: user
                    kind: function.lua
                    source: file://user.lua
                    method: main
                    imports: { lib: f:lib }
                """);
        java.nio.file.Files.writeString(
                dir.resolve("one.wat"), "(module (func (export \"f\") (result i32) i32.const 1))");
        java.nio.file.Files.writeString(
                dir.resolve("two.wat"), "(module (func (export \"f\") (result i32) i32.const 2))");
        java.nio.file.Files.writeString(dir.resolve("lib.lua"), "return { n = function() return 5 end }");
        java.nio.file.Files.writeString(
                dir.resolve("user.lua"),
                "local lib = require(\"lib\") local function main() return lib.n() end return { main = main }");
        try (WasmRegistry r = WasmRegistry.builder().document(fileDoc(dir)).build()) {
            RegisteredFunction two = r.function("f:two").orElseThrow();
            assertThat(r.call("f:user")).isEqualTo(5);

            java.nio.file.Files.writeString(
                    dir.resolve("one.wat"), "(module (func (export \"f\") (result i32) i32.const 11))");
            WasmRegistry.ApplyResult result = r.apply(List.of(fileDoc(dir)));
            assertThat(r.call("f:one")).isEqualTo(11);
            assertThat(result.kept()).contains("f:two");
            assertThat(result.loaded()).contains("f:one", "f:user");
            assertThat(r.function("f:two").orElseThrow()).isSameAs(two);

            java.nio.file.Files.writeString(dir.resolve("lib.lua"), "return { n = function() return 6 end }");
            r.apply(List.of(fileDoc(dir)));
            assertThat(r.call("f:user")).isEqualTo(6);
            assertThat(r.function("f:two").orElseThrow()).isSameAs(two);
        }
    }
}
