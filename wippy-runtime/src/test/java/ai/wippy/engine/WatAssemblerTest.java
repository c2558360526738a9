package ai.wippy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

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
}
