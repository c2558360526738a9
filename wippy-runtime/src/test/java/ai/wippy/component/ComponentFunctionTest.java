package ai.wippy.component;

import static ai.wippy.runtime.TestRegistries.failsWith;
import static ai.wippy.runtime.TestRegistries.fixtureFunction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.component.host.HostInterface;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.RuntimeObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Components as {@code function.wasm} registry entries, called through the runtime's one call path. */
class ComponentFunctionTest {

    static final String ALL_TYPES = "all-types/all-types.wasm";

    static final String YAML = TestRegistries.withFixtures("comp")
            + fixtureFunction(
                    "transform_users",
                    "transform-users/transform-users.wasm",
                    "transform-users",
                    "pool: { type: lazy, max_size: 4 }")
            + fixtureFunction("increment", ALL_TYPES, "\"counters#[method]counter.increment\"")
            + fixtureFunction("checked_div", ALL_TYPES, "checked-div")
            + fixtureFunction("classify", ALL_TYPES, "classify", "pool: { type: inline }")
            + fixtureFunction("spin", ALL_TYPES, "spin", "limits: { max_execution_ms: 200 }");

    /** {@link #YAML} and host-call's greet, granted the host interface nobody provides by default. */
    static final String GREETER =
            YAML + fixtureFunction("greeter", "host-call/host-call.wasm", "greet", "imports: [test:minimal/host]");

    private static WasmRegistry runtime(String yaml, RuntimeObserver observer, Object... services) {
        var builder = WasmRegistry.builder().document(TestRegistries.doc(yaml)).observer(observer);
        for (Object s : services) {
            builder.service(HostInterface.class, (HostInterface) s);
        }
        return builder.build();
    }

    @Test
    void transformUsersRunsAsARegistryFunction() {
        try (WasmRegistry registry = TestRegistries.runtime(YAML)) {
            Object out = registry.call(
                    "comp:transform_users", List.of(Map.of("name", "ada", "age", 36, "tags", List.of("math"))));

            assertThat(out)
                    .isEqualTo(List.of(Map.of("name", "ADA", "adult", true, "tag-count", 1L, "first-tag", "math")));
            assertThat(registry.function("comp:transform_users")
                            .orElseThrow()
                            .signature()
                            .describe())
                    .isEqualTo("transform-users: func(users: list<user>) -> list<display>");
        }
    }

    @Test
    void argumentsOfTheWrongShapeAreRefusedWithTheirPath() {
        try (WasmRegistry registry = TestRegistries.runtime(YAML)) {
            failsWith(
                            ErrorKind.INVALID,
                            () -> registry.call(
                                    "comp:transform_users",
                                    List.of(Map.of("name", "ada", "age", 36, "tags", List.of(7)))))
                    .hasMessageContaining("users[0].tags[0]");
        }
    }

    @Test
    void aResultErrorBecomesAGuestError() {
        try (WasmRegistry registry = TestRegistries.runtime(YAML)) {
            assertThat(registry.call("comp:checked_div", 9, 3)).isEqualTo(3L);
            failsWith(ErrorKind.GUEST_ERROR, () -> registry.call("comp:checked_div", 1, 0))
                    .hasMessageContaining("division by zero");
        }
    }

    @Test
    void entriesSharingOneBinaryCompileItsModulesOnce() {
        List<String> compiled = Collections.synchronizedList(new ArrayList<>());
        RuntimeObserver observer = new RuntimeObserver() {
            @Override
            public void onCompile(String sha256, long nanos) {
                compiled.add(sha256);
            }
        };
        try (WasmRegistry registry = runtime(YAML, observer)) {
            assertThat(registry.function("comp:classify")).isPresent();
            // all-types embeds two core modules, transform-users one; three entries share all-types
            assertThat(compiled).hasSize(3).doesNotHaveDuplicates();
        }
    }

    @Test
    void anInterfaceFunctionIsSelectedWithAHash() {
        try (WasmRegistry registry = TestRegistries.runtime(YAML)) {
            assertThat(registry.function("comp:increment")
                            .orElseThrow()
                            .signature()
                            .describe())
                    .isEqualTo("[method]counter.increment: func(self: borrow<counter>) -> u32");
        }
    }

    @Test
    void aMethodThatIsNotExportedListsTheExports() {
        String yaml = YAML.replace("method: classify", "method: classifyy");

        assertThatThrownBy(() -> TestRegistries.runtime(yaml))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("comp:classify")
                .hasMessageContaining("'classifyy' is not exported")
                .hasMessageContaining("counters#[constructor]counter");
    }

    @Test
    void aWitNamingAnotherFunctionThanTheMethodIsRefused() {
        String yaml = YAML.replace(
                "method: checked-div\n",
                "method: checked-div\n    wit: \"divide: func(a: u32, b: u32) -> result<u32, string>;\"\n");

        assertThatThrownBy(() -> TestRegistries.runtime(yaml))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("comp:checked_div")
                .hasMessageContaining("field 'wit'")
                .hasMessageContaining("describes function 'divide' but the method's export is 'checked-div'");
    }

    @Test
    void aWitNamingTheMethodWithTheComponentsTypeIsAccepted() {
        String yaml = YAML.replace(
                "method: checked-div\n",
                "method: checked-div\n    wit: \"checked-div: func(a: u32, b: u32) -> result<u32, string>;\"\n");

        try (WasmRegistry r = TestRegistries.runtime(yaml)) {
            assertThat(r.call("comp:checked_div", 7, 2)).isEqualTo(3L);
        }
    }

    @Test
    void aGrantedImportNobodyProvidesStopsTheBootWithItsName() {
        String yaml = GREETER;

        assertThatThrownBy(() -> TestRegistries.runtime(yaml))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("comp:greeter")
                .hasMessageContaining("imports")
                .hasMessageContaining("test:minimal/host");
    }

    @Test
    void anUngrantedImportNobodyProvidesLinksAsAbsentAndTheBootSaysSoOncePerEntry() throws Exception {
        String yaml = YAML + """
                  - name: greeter
                    kind: function.wasm
                    fs: fixtures
                    path: host-call/host-call.wasm
                    method: greet
                    pool: { type: static, size: 2 }
                  - name: minimal
                    kind: function.wasm
                    fs: fixtures
                    path: testbed/minimal.wasm
                    method: compute
                """;
        WasmRegistry[] booted = new WasmRegistry[1];
        String log = TestRegistries.stderrOf(() -> booted[0] = TestRegistries.runtime(yaml));
        try (WasmRegistry registry = booted[0]) {
            assertThat(log.lines().filter(l -> l.contains("imports linked as absent")))
                    .containsExactlyInAnyOrder(
                            log.lines()
                                    .filter(l -> l.contains("comp:greeter: imports linked as absent"))
                                    .findFirst()
                                    .orElseThrow(),
                            log.lines()
                                    .filter(l -> l.contains("comp:minimal: imports linked as absent"))
                                    .findFirst()
                                    .orElseThrow());
            assertThat(log)
                    .contains("comp:greeter: imports linked as absent (not granted; calling them traps): "
                            + "test:minimal/host");
            assertThat(log)
                    .contains("comp:minimal: imports linked as absent (not granted; calling them traps): "
                            + "test:minimal/host@0.1.0");
            // Wippy's test app: minimal_component.wasm with no host and no grant answers compute
            assertThat(registry.call("comp:minimal", 6, 7)).isEqualTo(42L);
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(() -> registry.call("comp:greeter", "bob"))
                        .isInstanceOf(WippyException.class)
                        .hasMessageContaining("import 'test:minimal/host#log' is not provided")
                        .hasMessageContaining("imports: [test:minimal/host]");
            }
        }
    }

    @Test
    void aHostInterfaceBeanServesTheImport() {
        String yaml = GREETER;
        var host = new ComponentRuntimeTest.MinimalHost();
        try (WasmRegistry registry = runtime(yaml, new RuntimeObserver() {}, ReflectiveHostInterface.of(host))) {
            assertThat(registry.call("comp:greeter", "bob")).isEqualTo("hello, bob");
            assertThat(host.logs).containsExactly("bob");
        }
    }

    @Test
    void aCorruptComponentNamesTheByteOffset() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("bad-component");
        byte[] bytes = Fixtures.bytes("transform-users/transform-users.wasm");
        java.nio.file.Files.write(dir.resolve("bad.wasm"), java.util.Arrays.copyOf(bytes, bytes.length - 10));
        String yaml = """
                version: "1.0"
                namespace: comp
                entries:
                  - name: files
                    kind: fs.directory
                    directory: %s
                  - name: bad
                    kind: function.wasm
                    fs: files
                    path: bad.wasm
                    method: transform-users
                """.formatted(dir);

        assertThatThrownBy(() -> TestRegistries.runtime(yaml))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("comp:bad")
                .hasMessageContaining("path")
                .hasMessageContaining("component does not decode: at byte");
    }

    @Test
    void aGuestThatRunsTooLongIsStoppedAndItsInstanceDiscarded() {
        try (WasmRegistry registry = TestRegistries.runtime(YAML)) {
            long start = System.nanoTime();
            failsWith(ErrorKind.TIMEOUT, () -> registry.call("comp:spin"));
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        }
    }
}
