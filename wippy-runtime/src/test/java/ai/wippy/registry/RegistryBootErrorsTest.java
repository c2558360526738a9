package ai.wippy.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.engine.Digests;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every problem in a registry file stops the boot with a message naming the file, the entry and the field. */
class RegistryBootErrorsTest {

    @TempDir
    Path dir;

    private RegistryException bootFails(String yaml) {
        Path index = dir.resolve("_index.yaml");
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> {
            try (WasmRegistry r = TestRegistries.runtime(index.toString(), yaml, dir)) {
                // booted: not expected
            }
        });
        assertThat(t).as("boot should fail").isInstanceOf(RegistryException.class);
        return (RegistryException) t;
    }

    private static final String HEAD = "version: \"1.0\"\nnamespace: app\nentries:\n";

    /** A registry file the boot refuses: the entry (null: none) and the field it names, and what it says. */
    record Refusal(String name, String yaml, String entryId, String field, String... message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Refusal> refusals() {
        return List.of(
                new Refusal(
                        "missingNamespace",
                        "version: \"1.0\"\nentries: []\n",
                        null,
                        "namespace",
                        "required field is missing"),
                new Refusal(
                        "unknownKindListsTheKnownOnes",
                        HEAD + "  - name: k\n    kind: function.cobol\n",
                        "app:k",
                        "kind",
                        "unknown kind 'function.cobol'",
                        "function.wat"),
                new Refusal(
                        "referenceToAMissingEntry",
                        HEAD
                                + "  - name: f\n    kind: function.wasm\n    fs: nowhere\n    path: x.wasm\n    method: run\n",
                        "app:f",
                        "fs",
                        "'app:nowhere'",
                        "not in the registry"),
                new Refusal(
                        "referenceToAnEntryOfTheWrongKind",
                        HEAD
                                + "  - name: other\n    kind: function.wat\n    method: f\n    source: '(module (func (export \"f\")))'\n"
                                + "  - name: f\n    kind: function.wasm\n    fs: other\n    path: x.wasm\n    method: run\n",
                        "app:f",
                        "fs",
                        "of kind function.wat"),
                new Refusal(
                        "methodNotExportedListsTheExports",
                        HEAD + "  - name: f\n    kind: function.wat\n    method: nope\n"
                                + "    source: '(module (func (export \"one\")) (func (export \"two\")))'\n",
                        "app:f",
                        "method",
                        "'nope' is not exported",
                        "[one, two]"),
                new Refusal(
                        "witSignatureThatDoesNotMatchTheExport",
                        HEAD
                                + "  - name: f\n    kind: function.wat\n    method: f\n    wit: 'f: func(a: s64) -> s32;'\n"
                                + "    source: '(module (func (export \"f\") (param i32) (result i32) local.get 0))'\n",
                        "app:f",
                        "wit",
                        "(param i64)",
                        "(param i32)"),
                new Refusal(
                        "witThatDoesNotParse",
                        HEAD + "  - name: f\n    kind: function.wat\n    method: f\n    wit: 'f: func(a: ) -> s32;'\n"
                                + "    source: '(module (func (export \"f\") (param i32) (result i32) local.get 0))'\n",
                        "app:f",
                        "wit",
                        "line 1"),
                new Refusal(
                        "importThatNoHostProvides",
                        HEAD + "  - name: f\n    kind: function.wat\n    method: f\n"
                                + "    source: '(module (import \"env\" \"log\" (func)) (func (export \"f\")))'\n",
                        "app:f",
                        "imports",
                        "env.log"),
                new Refusal(
                        "missingFolderOfAnFsDirectory",
                        HEAD + "  - name: d\n    kind: fs.directory\n    directory: ./missing\n",
                        "app:d",
                        "directory",
                        "does not exist",
                        "auto_init"),
                new Refusal(
                        "witNamingAnotherFunctionThanTheMethodIsRefused",
                        HEAD
                                + "  - name: f\n    kind: function.wat\n    method: compute\n    wit: 'mul: func(a: s32) -> s32;'\n"
                                + "    source: '(module (func (export \"compute\") (param i32) (result i32) local.get 0))'\n",
                        "app:f",
                        "wit",
                        "describes function 'mul' but method is 'compute'",
                        "'compute: func(...)'"),
                new Refusal(
                        "unknownFieldOfAFunction",
                        HEAD
                                + "  - name: f\n    kind: function.wat\n    method: f\n    metod: g\n    source: '(module (func (export \"f\")))'\n",
                        "app:f",
                        "metod",
                        "metod"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aRefusedFileNamesTheEntryAndFieldAndSaysWhy(Refusal refusal) {
        RegistryException e = bootFails(refusal.yaml());
        assertThat(e.entryId()).isEqualTo(refusal.entryId());
        assertThat(e.field()).isEqualTo(refusal.field());
        assertThat(e.getMessage()).contains(refusal.message());
    }

    @Test
    void malformedYamlNamesTheFileAndLine() {
        RegistryException e = bootFails(HEAD + "  - name: a\n    kind: [unclosed\n");
        assertThat(e.file()).endsWith("_index.yaml");
        assertThat(e.getMessage()).contains("malformed YAML").contains("line");
    }

    @Test
    void missingRequiredField() {
        RegistryException e = bootFails(HEAD + "  - name: f\n    kind: function.wat\n    source: \"(module)\"\n");
        assertThat(e.entryId()).isEqualTo("app:f");
        assertThat(e.field()).isEqualTo("method");
    }

    @Test
    void duplicateId() {
        String entry = "  - name: dup\n    kind: fs.directory\n    directory: .\n";
        RegistryException e = bootFails(HEAD + entry + entry);
        assertThat(e.entryId()).isEqualTo("app:dup");
        assertThat(e.getMessage()).contains("duplicate ID");
    }

    @Test
    void duplicateIdAcrossFiles() {
        Path other = dir.resolve("other");
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> WasmRegistry.builder()
                .document(TestRegistries.doc(
                        "a/_index.yaml", HEAD + "  - name: x\n    kind: fs.directory\n    directory: .\n", dir))
                .document(TestRegistries.doc(
                        "b/_index.yaml", HEAD + "  - name: x\n    kind: fs.directory\n    directory: .\n", other))
                .build());
        assertThat(t)
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("b/_index.yaml")
                .hasMessageContaining("already declared in a/_index.yaml");
    }

    @Test
    void hashMismatch() throws Exception {
        Files.write(
                dir.resolve("m.wasm"), new ai.wippy.engine.WatAssembler().assemble("(module (func (export \"run\")))"));
        RegistryException e = bootFails(HEAD + "  - name: bin\n    kind: fs.directory\n    directory: .\n"
                + "  - name: f\n    kind: function.wasm\n    fs: bin\n    path: m.wasm\n    method: run\n    hash: sha256:"
                + "0".repeat(64) + "\n");
        assertThat(e.entryId()).isEqualTo("app:f");
        assertThat(e.field()).isEqualTo("hash");
        assertThat(e.getMessage())
                .contains("hash mismatch")
                .contains(Digests.sha256Hex(Files.readAllBytes(dir.resolve("m.wasm"))));
    }

    @Test
    void watThatDoesNotAssemble() {
        RegistryException e = bootFails(
                HEAD
                        + "  - name: f\n    kind: function.wat\n    method: f\n    source: '(module (func (export \"f\") (result i32) i32.const))'\n");
        assertThat(e.field()).isEqualTo("source");
        assertThat(e.getMessage())
                .contains("WAT does not assemble: inline:1:50: error: unexpected token")
                .contains("expected a numeric literal")
                .doesNotContain("exit code");
    }

    @Test
    void watFileThatDoesNotAssembleNamesTheFileLineAndColumn() throws Exception {
        Files.writeString(dir.resolve("compute.wat"), "(module\n  (func (export \"f\")\n    i32.konst 1))\n");
        RegistryException e = bootFails(
                HEAD + "  - name: f\n    kind: function.wat\n    method: f\n    source: file://compute.wat\n");
        assertThat(e.entryId()).isEqualTo("app:f");
        assertThat(e.field()).isEqualTo("source");
        assertThat(e.getMessage())
                .contains("WAT does not assemble: compute.wat:3:5: error: unexpected token i32.konst")
                .contains("^^^^^^^^^");
    }

    @Test
    void binaryThatDoesNotDecode() throws Exception {
        Files.write(dir.resolve("bad.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 99, 1, 2, 3});
        RegistryException e = bootFails(HEAD + "  - name: bin\n    kind: fs.directory\n    directory: .\n"
                + "  - name: f\n    kind: function.wasm\n    fs: bin\n    path: bad.wasm\n    method: run\n");
        assertThat(e.field()).isEqualTo("path");
        assertThat(e.getMessage()).contains("does not decode");
    }

    @Test
    void notWebAssemblyAtAll() throws Exception {
        Files.writeString(dir.resolve("text.wasm"), "hello");
        RegistryException e = bootFails(HEAD + "  - name: bin\n    kind: fs.directory\n    directory: .\n"
                + "  - name: f\n    kind: function.wasm\n    fs: bin\n    path: text.wasm\n    method: run\n");
        assertThat(e.getMessage()).contains("not a WebAssembly binary");
    }

    @Test
    void witInKebabCaseNamesASnakeCaseOrCamelCaseExport() throws Exception {
        String yaml = HEAD
                + "  - name: snake\n    kind: function.wat\n    method: add_one\n    wit: 'add-one: func(a: s32) -> s32;'\n"
                + "    source: '(module (func (export \"add_one\") (param i32) (result i32) local.get 0))'\n"
                + "  - name: camel\n    kind: function.wat\n    method: addOne\n    wit: 'add-one: func(a: s32) -> s32;'\n"
                + "    source: '(module (func (export \"addOne\") (param i32) (result i32) local.get 0))'\n";
        try (WasmRegistry r = TestRegistries.runtime(dir.resolve("_index.yaml").toString(), yaml, dir)) {
            assertThat(r.call("app:snake", 5)).isEqualTo(5);
            assertThat(r.call("app:camel", 6)).isEqualTo(6);
        }
    }

    @Test
    void unknownPoolTypeAndField() {
        String fn = HEAD
                + "  - name: f\n    kind: function.wat\n    method: f\n    source: '(module (func (export \"f\")))'\n";
        assertThat(bootFails(fn + "    pool: { type: huge }\n").field()).isEqualTo("pool.type");
        assertThat(bootFails(fn + "    pool: { type: static, sise: 3 }\n").field())
                .isEqualTo("pool.sise");
        assertThat(bootFails(fn + "    pool: { type: adaptive, min_size: 9, max_size: 2 }\n")
                        .field())
                .isEqualTo("pool.min_size");
    }

    @Test
    void autoInitCreatesTheFolder() {
        try (WasmRegistry r = TestRegistries.runtime(
                "x/_index.yaml",
                HEAD
                        + "  - name: d\n    kind: fs.directory\n    directory: ./made\n    auto_init: true\n    mode: \"0750\"\n",
                dir)) {
            assertThat(dir.resolve("made")).isDirectory();
        }
    }

    @Test
    void invalidNames() {
        assertThat(bootFails(HEAD + "  - name: 'bad name'\n    kind: fs.directory\n")
                        .field())
                .isEqualTo("name");
        assertThat(bootFails("version: \"1.0\"\nnamespace: 'a..b'\nentries: []\n")
                        .field())
                .isEqualTo("namespace");
    }

    @Test
    void bareAndQualifiedReferencesResolve() throws Exception {
        Files.write(
                dir.resolve("m.wasm"),
                new ai.wippy.engine.WatAssembler()
                        .assemble("(module (func (export \"run\") (result i32) i32.const 5))"));
        String shared =
                "version: \"1.0\"\nnamespace: shared.files\nentries:\n  - name: bin\n    kind: fs.directory\n    directory: .\n";
        String app = HEAD + "  - name: local\n    kind: fs.directory\n    directory: .\n"
                + "  - name: bare\n    kind: function.wasm\n    fs: local\n    path: m.wasm\n    method: run\n"
                + "  - name: qualified\n    kind: function.wasm\n    fs: shared.files:bin\n    path: file://m.wasm\n    method: run\n";
        try (WasmRegistry r = WasmRegistry.builder()
                .document(TestRegistries.doc("shared/_index.yaml", shared, dir))
                .document(TestRegistries.doc("app/_index.yaml", app, dir))
                .build()) {
            assertThat(r.call("app:bare")).isEqualTo(5);
            assertThat(r.call("app:qualified")).isEqualTo(5);
        }
    }

    @Test
    void entriesSharingOneBinaryCompileItOnce() throws Exception {
        Files.write(
                dir.resolve("two.wasm"),
                new ai.wippy.engine.WatAssembler()
                        .assemble(
                                "(module (func (export \"one\") (result i32) i32.const 1) (func (export \"two\") (result i32) i32.const 2))"));
        java.util.concurrent.atomic.AtomicInteger compiled = new java.util.concurrent.atomic.AtomicInteger();
        String yaml = HEAD + "  - name: bin\n    kind: fs.directory\n    directory: .\n"
                + "  - name: one\n    kind: function.wasm\n    fs: bin\n    path: two.wasm\n    method: one\n"
                + "  - name: two\n    kind: function.wasm\n    fs: bin\n    path: two.wasm\n    method: two\n";
        try (WasmRegistry r = WasmRegistry.builder()
                .document(TestRegistries.doc("x/_index.yaml", yaml, dir))
                .observer(new ai.wippy.spi.RuntimeObserver() {
                    @Override
                    public void onCompile(String sha256, long nanos) {
                        compiled.incrementAndGet();
                    }
                })
                .build()) {
            assertThat(r.call("app:one")).isEqualTo(1);
            assertThat(r.call("app:two")).isEqualTo(2);
            assertThat(compiled).hasValue(1);
        }
    }
}
