package ai.wippy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.TestRegistries;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hand-made binaries whose lengths and counts lie: each is refused with the byte offset and what is
 * wrong, before Chicory's parser would allocate what they claim (or accept them).
 */
class CoreModuleCheckTest {

    @TempDir
    Path dir;

    private static final String PREAMBLE = "00 61 73 6d 01 00 00 00 ";
    private static final String ONE_FUNC = section(1, "01 60 00 00") + section(3, "01 00");

    /** A section: its id, its size (one byte, enough here) and its content. */
    static String section(int id, String content) {
        int size = content.replace(" ", "").length() / 2;
        return String.format("%02x %02x %s ", id, size, content);
    }

    static byte[] hex(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String h = s.replace(" ", "");
        for (int i = 0; i < h.length(); i += 2) {
            out.write(Integer.parseInt(h.substring(i, i + 2), 16));
        }
        return out.toByteArray();
    }

    private static ModuleCompiler.ModuleException refused(String module) {
        Throwable t = catchThrowable(() -> new ModuleCompiler(EngineMode.INTERPRETER).compile(hex(module)));
        assertThat(t).isInstanceOf(ModuleCompiler.ModuleException.class);
        assertThat(t.getMessage()).startsWith("binary does not decode as a WebAssembly module: at byte ");
        return (ModuleCompiler.ModuleException) t;
    }

    @Test
    void aDataSegmentLongerThanTheFileIsRefusedBeforeAnythingIsAllocated() {
        // 2 GiB claimed in a 33-byte file: Chicory allocates the array first (OutOfMemoryError)
        var e = refused(PREAMBLE + section(5, "01 00 01") + section(11, "01 00 41 00 0b ff ff ff ff 07"));
        assertThat(e.getMessage()).contains("data segment 0 claims 2147483647 bytes, but only 0 remain");
    }

    @Test
    void aDataSegmentLengthAbove2GiBIsRefusedNamed() {
        // Chicory: NegativeArraySizeException
        var e = refused(PREAMBLE + section(5, "01 00 01") + section(11, "01 00 41 00 0b f0 ff ff ff 0f 61 62"));
        assertThat(e.getMessage()).contains("at byte 20 (0x14)").contains("data segment 0 claims 4294967280 bytes");
    }

    @Test
    void aBrTableClaimingFourBillionTargetsInATinyBodyIsRefused() {
        // the parser reads the count into an int, sees -1 and no targets, and accepts the body
        var e = refused(PREAMBLE + ONE_FUNC + section(10, "01 0b 00 41 00 0e ff ff ff ff 0f 00 0b"));
        assertThat(e.getMessage()).contains("br_table in function body 0 claims 4294967295 targets");
    }

    @Test
    void aVectorCountThatCannotFitIsRefused() {
        // Chicory accepts this type section as holding no types at all
        var e = refused(PREAMBLE + section(1, "ff ff ff ff 0f"));
        assertThat(e.getMessage())
                .contains("at byte 10 (0xa)")
                .contains("type section claims 4294967295 types, but only 0 bytes remain in it");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // a function type with 2^31-1 parameters (OutOfMemoryError in the parser)
                "01 01 60 ff ff ff ff 07 00|type section claims 2147483647 parameters",
                // an import module name of 2 GiB
                "02 01 ff ff ff ff 07 00|import module name claims 2147483647 bytes",
                // a custom section name of 2 GiB
                "00 ff ff ff ff 07 00|custom section name claims 2147483647 bytes",
                // an export name of 4 GiB (NegativeArraySizeException in the parser)
                "07 01 ff ff ff ff 0f 00|export name claims 4294967295 bytes",
                // a rec group of 2^31-1 types
                "01 01 4e ff ff ff ff 07|type section claims 2147483647 rec group types"
            })
    void namesAndCountsThatLieAreRefused(String spec) {
        String[] parts = spec.split("\\|");
        String content = parts[0].substring(3);
        int id = Integer.parseInt(parts[0].substring(0, 2), 16);
        var e = refused(PREAMBLE + section(id, content));
        assertThat(e.getMessage()).contains(parts[1]);
    }

    /** One function, a table of it, and the element section {@code elements}. */
    private static String withElements(String elements) {
        return PREAMBLE + ONE_FUNC + section(4, "01 70 00 01") + section(9, elements) + section(10, "01 02 00 0b");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // two billion functions in one segment
                "01 00 41 00 0b ff ff ff ff 07 00 | element section claims 2147483647 element segment items",
                // flags beyond the specification: Chicory reads flags 8 as if they were 0
                "01 08 41 00 0b 01 00 | element segment 0 has flags 8 (0 to 7 are defined)"
            })
    void elementSectionsThatLieAreRefused(String elements, String message) {
        assertThat(refused(withElements(elements)).getMessage()).contains(message);
    }

    @Test
    void aSectionLongerThanTheFileIsRefused() {
        var e = refused(PREAMBLE + "0a ff ff 03 01 02 00 0b");
        assertThat(e.getMessage()).contains("code section claims 65535 bytes, but only 4 remain in the file");
    }

    @Test
    void aDataOffsetThatIsNotAConstantExpressionIsRefused() {
        var e = refused(PREAMBLE + section(5, "01 00 01") + section(11, "01 00 01 41 00 0b 00"));
        assertThat(e.getMessage())
                .contains("instruction 0x1 is not allowed in a constant expression (data segment offset)");
    }

    @Test
    void indicesOutsideTheirIndexSpaceAreRefusedWithBothNumbers() {
        // Chicory's validator fails on these with an ArrayIndexOutOfBoundsException
        assertThat(refused(PREAMBLE + section(1, "01 60 00 00") + section(3, "01 05"))
                        .getMessage())
                .contains("function 0 has type 5, but the module defines 1 type");
        assertThat(refused(PREAMBLE + ONE_FUNC + section(7, "01 01 66 00 07") + section(10, "01 02 00 0b"))
                        .getMessage())
                .contains("export 0 names function 7, but the module has 1 function");
        assertThat(refused(PREAMBLE + ONE_FUNC + section(8, "03") + section(10, "01 02 00 0b"))
                        .getMessage())
                .contains("the start function is 3, but the module has 1 functions");
    }

    @Test
    void aMalformedNameSectionIsIgnoredAsTheSpecificationSays() {
        // a function-names subsection claiming 2^31-1 names: skipped, the module itself is fine
        String module = PREAMBLE
                + ONE_FUNC
                + section(7, "01 01 66 00 00")
                + section(10, "01 02 00 0b")
                + section(0, "04 6e 61 6d 65 01 06 ff ff ff ff 07 00");
        CompiledModule compiled = new ModuleCompiler(EngineMode.INTERPRETER).compile(hex(module));
        assertThat(compiled.exportedFunctions()).containsExactly("f");
        assertThat(compiled.sha256()).isEqualTo(Digests.sha256Hex(hex(module)));
    }

    @Test
    void realModulesPassTheCheck() throws Exception {
        ModuleCompiler compiler = new ModuleCompiler(EngineMode.INTERPRETER);
        for (String fixture : new String[] {"abi/users.wasm", "wasi/greet.wasm", "wasi/list_files.wasm"}) {
            byte[] bytes = Files.readAllBytes(Path.of("src/test/fixtures", fixture));
            assertThat(compiler.compile(bytes).exportedFunctions()).as(fixture).isNotEmpty();
        }
        byte[] rich = new WatAssembler().assemble(CoreModuleDecoderPropertyTest.RICH_WAT);
        assertThat(compiler.compile(rich).exportedFunctions()).containsExactly("pick", "twice");
    }

    @Test
    void aRegistryEntryWithSuchABinaryFailsTheBootNamingFileEntryAndField() throws Exception {
        Files.write(
                dir.resolve("huge.wasm"),
                hex(PREAMBLE + section(5, "01 00 01") + section(11, "01 00 41 00 0b ff ff ff ff 07")));
        String yaml = """
                version: "1.0"
                namespace: app
                entries:
                  - { name: bin, kind: fs.directory, directory: . }
                  - { name: f, kind: function.wasm, fs: bin, path: huge.wasm, method: run }
                """;
        Path index = dir.resolve("_index.yaml");
        RegistryException e = TestRegistries.refusedAt(index, yaml, dir, "app:f", "path");
        assertThat(e.getMessage()).contains("data segment 0 claims 2147483647 bytes");
    }
}
