package ai.wippy.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.wippy.engine.Digests;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input in and around registry files: oversized files, alias bombs, deep nesting, text that is not
 * UTF-8, a {@code hash} on WAT, and {@code source} files outside the registry folder. Each is refused
 * with the file, and where there is one the entry and the field.
 */
class RegistryInputLimitsTest {

    @TempDir
    Path dir;

    private static final String HEAD = "version: \"1.0\"\nnamespace: app\nentries:\n";
    private static final String ANSWER_WAT = "(module (func (export \"answer\") (result i32) i32.const 42))";

    private RegistryException bootFails(String yaml, RegistryOptions options) {
        Path index = dir.resolve("_index.yaml");
        Throwable t = catchThrowable(() -> WasmRegistry.builder()
                .registryOptions(options)
                .document(TestRegistries.doc(index.toString(), yaml, dir))
                .build()
                .close());
        assertThat(t).as("boot should fail").isInstanceOf(RegistryException.class);
        RegistryException e = (RegistryException) t;
        assertThat(e.file()).isEqualTo(index.toString());
        return e;
    }

    private RegistryException bootFails(String yaml) {
        return bootFails(yaml, RegistryOptions.defaults());
    }

    private Object boots(String yaml, RegistryOptions options, String call) {
        try (WasmRegistry r = WasmRegistry.builder()
                .registryOptions(options)
                .document(TestRegistries.doc(dir.resolve("_index.yaml").toString(), yaml, dir))
                .build()) {
            return r.call(call);
        }
    }

    // ---- size ----------------------------------------------------------------------------------

    @Test
    void aFileAboveTheSizeLimitIsRefusedBeforeItIsParsed() {
        String yaml = HEAD + "  - name: a\n    kind: fs.directory\n    directory: .\n" + "# padding\n".repeat(200);
        RegistryException e = bootFails(yaml, new RegistryOptions(1024, false));
        assertThat(e.getMessage())
                .contains("registry file is larger than the limit of 1024 bytes (wippy.registry.max-file-size)");
        assertThat(e.entryId()).isNull();
    }

    @Test
    void theDefaultLimitIsFourMebibytes() {
        String big = HEAD + "# " + "x".repeat((int) RegistryOptions.DEFAULT_MAX_FILE_SIZE) + "\n";
        RegistryException e = bootFails(big);
        assertThat(e.getMessage()).contains("larger than the limit of 4194304 bytes");
    }

    @Test
    void readingAFileStopsOneByteAfterTheLimit() {
        // an endless stream: the reader takes at most limit + 1 bytes, then refuses the file
        long[] served = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return 'a';
            }
        };
        Throwable t = catchThrowable(() -> RegistryDocument.read(
                "big/_index.yaml", endless, new ResourceBase.FileSystem(dir), new RegistryOptions(4096, false)));
        assertThat(t)
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("registry error in big/_index.yaml: registry file is larger than");
        assertThat(served[0]).isEqualTo(4097);
    }

    // ---- YAML shapes -----------------------------------------------------------------------------

    @Test
    void aBillionLaughsAliasBombIsRefused() {
        StringBuilder yaml = new StringBuilder(HEAD.replace("entries:\n", ""));
        yaml.append("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 10; k++) {
                yaml.append(k == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        yaml.append("entries: []\n");
        RegistryException e = bootFails(yaml.toString());
        assertThat(e.getMessage()).contains("malformed YAML").contains("aliases");
    }

    @Test
    void deeplyNestedYamlIsRefused() {
        String yaml = HEAD + "  - name: a\n    kind: fs.directory\n    directory: .\n    meta: " + "[".repeat(200)
                + "]".repeat(200) + "\n";
        RegistryException e = bootFails(yaml);
        assertThat(e.getMessage()).contains("malformed YAML").contains("Nesting Depth");
    }

    @Test
    void aFewAliasesForSharedSettingsStillWork() throws Exception {
        Files.writeString(dir.resolve("answer.wat"), ANSWER_WAT);
        String yaml = HEAD
                + "  - name: one\n    kind: function.wat\n    source: file://answer.wat\n    method: answer\n"
                + "    pool: &pool { type: lazy, max_size: 2 }\n"
                + "  - name: two\n    kind: function.wat\n    source: file://answer.wat\n    method: answer\n"
                + "    pool: *pool\n";
        assertThat(boots(yaml, RegistryOptions.defaults(), "app:two")).isEqualTo(42);
    }

    @Test
    void numberKeysAreReadAsTextAndMappingKeysAreRefused() {
        // found by RegistryParserPropertyTest: `1: one` under values was a ClassCastException
        String storage = HEAD + "  - name: vars\n    kind: env.storage.static\n    values: {1: one, two: 2}\n";
        try (WasmRegistry r = TestRegistries.runtime(dir.resolve("_index.yaml").toString(), storage, dir)) {
            assertThat(r.registry().find(EntryId.parse("app:vars"))).isPresent();
        }
        RegistryException e = bootFails(HEAD + "  - name: vars\n    kind: env.storage.static\n    values: {[a]: b}\n");
        assertThat(e.entryId()).isEqualTo("app:vars");
        assertThat(e.field()).isEqualTo("values");
        assertThat(e.getMessage()).contains("a key must be a string, a number or a boolean, got a list");
    }

    // ---- encoding -----------------------------------------------------------------------------

    @Test
    void aRegistryFileThatIsNotUtf8NamesTheFile() {
        byte[] latin1 = (HEAD + "  - name: caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        Throwable t = catchThrowable(() -> RegistryDocument.read(
                "/srv/app/wippy/_index.yaml",
                new ByteArrayInputStream(latin1),
                new ResourceBase.FileSystem(dir),
                RegistryOptions.defaults()));
        assertThat(t)
                .isInstanceOf(RegistryException.class)
                .hasMessage("registry error in /srv/app/wippy/_index.yaml: registry file is not UTF-8 text: "
                        + "invalid byte sequence at byte 52 (0xe9)");
    }

    @Test
    void aSourceFileThatIsNotUtf8NamesTheFileTheEntryAndTheField() throws Exception {
        Files.write(dir.resolve("bad.wat"), new byte[] {'(', 'm', 'o', 'd', (byte) 0xff, ')'});
        RegistryException e =
                bootFails(HEAD + "  - name: f\n    kind: function.wat\n    source: file://bad.wat\n    method: f\n");
        assertThat(e.entryId()).isEqualTo("app:f");
        assertThat(e.field()).isEqualTo("source");
        assertThat(e.getMessage()).contains("bad.wat is not UTF-8 text: invalid byte sequence at byte 4 (0xff)");
    }

    // ---- hash on function.wat ---------------------------------------------------------------------

    @Test
    void aHashThatIsNotSha256IsRefusedOnWat() {
        RegistryException e = bootFails(HEAD + "  - name: f\n    kind: function.wat\n    method: answer\n"
                + "    hash: md5:abc\n    source: '" + ANSWER_WAT + "'\n");
        assertThat(e.entryId()).isEqualTo("app:f");
        assertThat(e.field()).isEqualTo("hash");
        assertThat(e.getMessage()).contains("'md5:abc' is not of the form sha256:<64 hex digits>");
    }

    @Test
    void aWatHashIsTheSha256OfTheSourceFileAsWritten() throws Exception {
        Files.writeString(dir.resolve("answer.wat"), ANSWER_WAT);
        String actual = Digests.sha256Hex(Files.readAllBytes(dir.resolve("answer.wat")));
        String entry = HEAD + "  - name: f\n    kind: function.wat\n    source: file://answer.wat\n    method: answer\n"
                + "    hash: sha256:";
        assertThat(boots(entry + actual + "\n", RegistryOptions.defaults(), "app:f"))
                .isEqualTo(42);
        RegistryException e = bootFails(entry + "0".repeat(64) + "\n");
        assertThat(e.field()).isEqualTo("hash");
        assertThat(e.getMessage())
                .contains("the entry expects sha256:" + "0".repeat(64))
                .contains("but the file is sha256:" + actual);
    }

    @Test
    void anInlineWatHashIsTheSha256OfTheText() {
        String actual = Digests.sha256Hex(ANSWER_WAT.getBytes(StandardCharsets.UTF_8));
        String entry =
                HEAD + "  - name: f\n    kind: function.wat\n    method: answer\n    source: '" + ANSWER_WAT + "'\n";
        assertThat(boots(entry + "    hash: sha256:" + actual + "\n", RegistryOptions.defaults(), "app:f"))
                .isEqualTo(42);
        RegistryException e = bootFails(entry + "    hash: sha256:" + "1".repeat(64) + "\n");
        assertThat(e.getMessage())
                .contains("hash mismatch for the inline source")
                .contains("the text is sha256:" + actual);
    }

    // ---- sources outside the registry folder ------------------------------------------------------

    private Path registryFolder() throws Exception {
        Path registry = Files.createDirectories(dir.resolve("app/registry"));
        Files.writeString(dir.resolve("outside.wat"), ANSWER_WAT);
        Files.writeString(registry.resolve("inside.wat"), ANSWER_WAT);
        return registry;
    }

    private RegistryException outsideRefused(Path registry, String source) {
        Path index = registry.resolve("_index.yaml");
        String yaml = HEAD + "  - name: f\n    kind: function.wat\n    source: " + source + "\n    method: answer\n";
        RegistryException e = TestRegistries.refusedAt(index, yaml, registry, "app:f", "source");
        assertThat(e.getMessage())
                .contains("outside the folder of the registry file")
                .contains("wippy.registry.allow-outside-sources=true");
        return e;
    }

    @Test
    void aSourceReachingOutWithDotDotIsRefused() throws Exception {
        Path registry = registryFolder();
        RegistryException e = outsideRefused(registry, "file://../../outside.wat");
        assertThat(e.getMessage()).contains("'file://../../outside.wat' resolves to " + dir.resolve("outside.wat"));
    }

    @Test
    void anAbsoluteSourceOutsideIsRefused() throws Exception {
        Path registry = registryFolder();
        outsideRefused(registry, "file://" + dir.resolve("outside.wat").toAbsolutePath());
    }

    @Test
    void aSourceThatIsALinkLeadingOutIsRefused() throws Exception {
        Path registry = registryFolder();
        Files.createSymbolicLink(registry.resolve("link.wat"), dir.resolve("outside.wat"));
        RegistryException e = outsideRefused(registry, "file://link.wat");
        assertThat(e.getMessage()).contains("through the link");
    }

    @Test
    void aLuaSourceOutsideIsRefusedToo() throws Exception {
        Path registry = registryFolder();
        Files.writeString(dir.resolve("outside.lua"), "return { main = function() return 1 end }");
        Path index = registry.resolve("_index.yaml");
        String yaml =
                HEAD + "  - name: l\n    kind: function.lua\n    source: file://../../outside.lua\n    method: main\n";
        Throwable t = catchThrowable(
                () -> TestRegistries.runtime(index.toString(), yaml, registry).close());
        assertThat(t)
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("entry 'app:l', field 'source'")
                .hasMessageContaining("outside the folder of the registry file");
    }

    @Test
    void sourcesInsideTheFolderAndItsSubfoldersAreRead() throws Exception {
        Path registry = registryFolder();
        Files.createDirectories(registry.resolve("wat"));
        Files.writeString(registry.resolve("wat/sub.wat"), ANSWER_WAT);
        String yaml = HEAD
                + "  - name: a\n    kind: function.wat\n    source: file://inside.wat\n    method: answer\n"
                + "  - name: b\n    kind: function.wat\n    source: file://./wat/../wat/sub.wat\n    method: answer\n";
        try (WasmRegistry r =
                TestRegistries.runtime(registry.resolve("_index.yaml").toString(), yaml, registry)) {
            assertThat(r.call("app:a")).isEqualTo(42);
            assertThat(r.call("app:b")).isEqualTo(42);
        }
    }

    @Test
    void thePropertyAllowsSourcesOutside() throws Exception {
        Path registry = registryFolder();
        String yaml = HEAD
                + "  - name: f\n    kind: function.wat\n    source: file://../../outside.wat\n    method: answer\n";
        try (WasmRegistry r = WasmRegistry.builder()
                .registryOptions(new RegistryOptions(RegistryOptions.DEFAULT_MAX_FILE_SIZE, true))
                .document(TestRegistries.doc(registry.resolve("_index.yaml").toString(), yaml, registry))
                .build()) {
            assertThat(r.call("app:f")).isEqualTo(42);
        }
    }

    @Test
    void aClasspathSourceLeavingItsFolderIsRefused() {
        ResourceBase.Classpath base = new ResourceBase.Classpath(getClass().getClassLoader(), "wippy/app");
        assertThat(base.outside("file://../../secret.txt")).contains("classpath:secret.txt");
        assertThat(base.outside("file://classpath:other/x.wat")).contains("classpath:other/x.wat");
        assertThat(base.outside("file://sub/x.wat")).isEmpty();
    }
}
