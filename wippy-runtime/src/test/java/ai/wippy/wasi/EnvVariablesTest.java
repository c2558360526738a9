package ai.wippy.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.env.EnvVariable;
import ai.wippy.env.VariableStorage;
import ai.wippy.registry.EntryId;
import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code env.variable} entries and their storages. */
class EnvVariablesTest {

    static String yaml(String entries) {
        return "version: \"1.0\"\nnamespace: cfg\nentries:\n" + entries;
    }

    static Optional<String> value(WasmRegistry r, String name) {
        return r.resource(new EntryId("cfg", name), EnvVariable.class)
                .orElseThrow()
                .value();
    }

    @Test
    void staticOsAndDefaultValues() {
        String path = System.getenv("PATH");
        try (WasmRegistry r = TestRegistries.runtime(yaml("""
                  - { name: vals, kind: env.storage.static, values: { region: eu-west, port: 8080 } }
                  - { name: os, kind: env.storage.os }
                  - { name: region, kind: env.variable, variable: region, storage: vals }
                  - { name: port, kind: env.variable, variable: port, storage: vals }
                  - { name: path, kind: env.variable, variable: PATH, storage: os }
                  - { name: path_builtin, kind: env.variable, variable: PATH }
                  - { name: missing, kind: env.variable, variable: nope, storage: vals, default: fallback }
                """))) {
            assertThat(value(r, "region")).contains("eu-west");
            assertThat(value(r, "port")).contains("8080");
            assertThat(value(r, "path")).isEqualTo(Optional.ofNullable(path));
            assertThat(value(r, "path_builtin")).isEqualTo(Optional.ofNullable(path));
            assertThat(value(r, "missing")).contains("fallback");
        }
    }

    @Test
    void anApplicationStorageIsFoundByItsKind() {
        VariableStorage vault = new VariableStorage() {
            @Override
            public String kind() {
                return "env.storage.spring";
            }

            @Override
            public Optional<String> get(String variable) {
                return Optional.ofNullable(Map.of("db.password", "s3cret").get(variable));
            }
        };
        try (WasmRegistry r = WasmRegistry.builder()
                .document(TestRegistries.doc(yaml("""
                          - { name: pw, kind: env.variable, variable: db.password, storage: env.storage.spring }
                          - { name: spring, kind: env.storage.spring }
                          - { name: pw2, kind: env.variable, variable: db.password, storage: spring }
                        """)))
                .service(VariableStorage.class, vault)
                .build()) {
            assertThat(value(r, "pw")).contains("s3cret");
            assertThat(value(r, "pw2")).contains("s3cret");
        }
    }

    @Test
    void anUnknownStorageStopsTheBootNamingTheField() {
        assertThatThrownBy(() -> TestRegistries.runtime(yaml("""
                  - { name: v, kind: env.variable, variable: X, storage: vault }
                """)))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("cfg:v")
                .hasMessageContaining("storage")
                .hasMessageContaining("'vault' is neither a storage entry nor a built-in storage");
        assertThatThrownBy(() -> TestRegistries.runtime(yaml("""
                  - { name: s, kind: env.storage.spring }
                """)))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("no variable storage of kind env.storage.spring");
    }
}
