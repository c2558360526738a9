package ai.wippy.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.runtime.RegistrySchema;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The JSON Schema of {@code _index.yaml} is generated from the handlers' field tables; the copies the
 * repository ships (docs/ and the starter jar) are that output; every registry file of the repository
 * passes it; and a wrong file fails it naming the same field its boot error names. Regenerate the
 * copies with {@code -Dwippy.schema.write=true}.
 */
class RegistrySchemaTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final List<Path> SHIPPED = List.of(
            ROOT.resolve("docs/registry.schema.json"),
            ROOT.resolve("wippy-spring-boot-starter/src/main/resources/META-INF/wippy/registry.schema.json"));

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonSchema schema() {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(RegistrySchema.builtIn());
    }

    static Set<ValidationMessage> validate(String yaml) {
        JsonNode doc = JSON.valueToTree(new Yaml().load(yaml));
        return schema().validate(doc);
    }

    @Test
    void theShippedCopiesAreTheGeneratedSchema() throws IOException {
        String generated = RegistrySchema.builtIn();
        for (Path p : SHIPPED) {
            if (Boolean.getBoolean("wippy.schema.write")) {
                Files.createDirectories(p.getParent());
                Files.writeString(p, generated, StandardCharsets.UTF_8);
            }
            assertThat(p)
                    .as("%s (regenerate with -Dwippy.schema.write=true)", p)
                    .exists();
            assertThat(Files.readString(p, StandardCharsets.UTF_8))
                    .as("%s is the generated schema (regenerate with -Dwippy.schema.write=true)", p)
                    .isEqualTo(generated);
        }
    }

    @Test
    void everyBuiltInKindIsDescribedByTheTableItsHandlerChecks() throws IOException {
        JsonNode definitions = JSON.readTree(RegistrySchema.builtIn()).get("definitions");
        for (String kind : List.of(
                "function.wat",
                "function.wasm",
                "function.lua",
                "process.wasm",
                "process.host",
                "terminal.host",
                "http.endpoint",
                "env.variable",
                "env.storage.os",
                "env.storage.static",
                "fs.directory",
                "fs.embed",
                "security.policy")) {
            assertThat(definitions.has(kind)).as(kind).isTrue();
        }
        assertThat(definitions.get("function.lua").get("additionalProperties").asBoolean())
                .isFalse();
        assertThat(definitions
                        .get("function.wat")
                        .get("properties")
                        .get("pool")
                        .get("properties")
                        .has("on_saturated"))
                .isTrue();
    }

    static Stream<Path> registryFiles() throws IOException {
        try (Stream<Path> all = Files.walk(ROOT)) {
            List<Path> files = all.filter(p -> p.getFileName().toString().equals("_index.yaml"))
                    .filter(p -> {
                        String rel = ROOT.relativize(p).toString();
                        return !rel.contains("/target/") && !rel.startsWith("target/") && !rel.startsWith(".");
                    })
                    .sorted()
                    .toList();
            assertThat(files).as("registry files under %s", ROOT).hasSizeGreaterThan(5);
            return files.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("registryFiles")
    void everyRegistryFileOfTheRepositoryPasses(Path file) throws IOException {
        // wippy-broken is broken on purpose in a way no schema sees: its method names no export
        Set<ValidationMessage> errors = validate(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(errors).as(ROOT.relativize(file).toString()).isEmpty();
    }

    /** The schema's complaint and the boot error about the same wrong file name the same field. */
    private static void sameFieldAsTheBootError(String entries, String schemaPath, String bootField) {
        String yaml = "version: \"1.0\"\nnamespace: bad\nentries:\n" + entries;
        Set<ValidationMessage> errors = validate(yaml);
        assertThat(errors)
                .as("schema errors of %s", entries)
                .anySatisfy(m -> assertThat(m.getInstanceLocation() + "." + m.getProperty())
                        .contains(schemaPath));
        assertThatThrownBy(() -> {
                    try (WasmRegistry r = TestRegistries.runtime(yaml)) {
                        r.functions();
                    }
                })
                .isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).field()).isEqualTo(bootField));
    }

    @Test
    void anUnknownFieldIsNamedByBoth() {
        sameFieldAsTheBootError("""
                  - name: f
                    kind: function.lua
                    method: main
                    sorce: 'return { main = function() return 1 end }'
                """, "sorce", "sorce");
    }

    @Test
    void aValueOutsideTheAllowedOnesIsNamedByBoth() {
        sameFieldAsTheBootError("""
                  - name: f
                    kind: function.wat
                    method: f
                    source: '(module (func (export "f") (result i32) i32.const 1))'
                    pool: { on_saturated: drop }
                """, "pool.on_saturated", "pool.on_saturated");
    }

    @Test
    void anUnknownNestedFieldIsNamedByBoth() {
        sameFieldAsTheBootError("""
                  - name: f
                    kind: function.wat
                    method: f
                    source: '(module (func (export "f") (result i32) i32.const 1))'
                    limits: { max_execution: 5 }
                """, "limits", "limits.max_execution");
    }
}
