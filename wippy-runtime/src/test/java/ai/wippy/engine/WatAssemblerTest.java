package ai.wippy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wat2wasm's own diagnostics, with line and column, reach the error message. */
class WatAssemblerTest {

    private final WatAssembler assembler = new WatAssembler();

    @Test
    void assemblesValidText() {
        byte[] wasm = assembler.assemble("(module (func (export \"f\") (result i32) i32.const 7))");
        assertThat(wasm).startsWith(0, 'a', 's', 'm', 1, 0, 0, 0);
    }

    @Test
    void aSyntaxErrorNamesLineColumnAndTheProblem() {
        String wat = "(module\n  (func (export \"f\") (result i32)\n    i32.konst 1))\n";
        WatAssembler.WatException e =
                catchThrowableOfType(WatAssembler.WatException.class, () -> assembler.assemble(wat, "compute.wat"));
        assertThat(e.getMessage())
                .startsWith("compute.wat:3:5: error:")
                .contains("i32.konst")
                .doesNotContain("Process exit code")
                .doesNotContain("-:3:5");
    }

    @Test
    void aTypeErrorNamesItsPositionWithoutAName() {
        String wat = "(module (func (export \"f\") (result i32) i32.const))";
        WatAssembler.WatException e =
                catchThrowableOfType(WatAssembler.WatException.class, () -> assembler.assemble(wat));
        assertThat(e.getMessage()).matches("(?s)1:\\d+: error: .+");
    }

    @Test
    void assemblesAgainAfterAFailure() {
        catchThrowableOfType(WatAssembler.WatException.class, () -> assembler.assemble("(module (func"));
        assertThat(assembler.assemble("(module)")).hasSize(8);
    }

    @Test
    void aTextIsAssembledOrLookedUpOnceAndEachCallerGetsItsOwnCopy(@TempDir Path dir) throws IOException {
        var cached = new WatAssembler(CompileCache.at(dir, CompileCache.DEFAULT_MAX_BYTES, null));
        String wat = "(module (func (export \"f\") (result i32) i32.const 9))";
        byte[] first = cached.assemble(wat, "a.wat");
        assertThat(files(dir)).hasSize(1);
        // the cache entry gone, the same assembler still has the binary: no second run, nothing stored
        try (Stream<Path> all = Files.list(dir)) {
            for (Path p : all.toList()) {
                Files.delete(p);
            }
        }
        first[0] = 42;
        byte[] second = cached.assemble(wat, "a.wat");
        assertThat(second).isEqualTo(new WatAssembler().assemble(wat));
        assertThat(files(dir)).isEmpty();
        // a new assembler (the next boot) looks the cache up again
        assertThat(new WatAssembler(CompileCache.at(dir, CompileCache.DEFAULT_MAX_BYTES, null)).assemble(wat))
                .isEqualTo(second);
        assertThat(files(dir)).hasSize(1);
    }

    private static java.util.List<Path> files(Path dir) throws IOException {
        try (Stream<Path> all = Files.list(dir)) {
            return all.toList();
        }
    }
}
