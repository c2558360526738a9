package ai.wippy.component.binary;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.component.Fixtures;
import ai.wippy.fuzz.Mutations;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Assertions;

/** Whatever the bytes, the decoder answers quickly with an AST or a ComponentDecodeException. */
class ComponentDecoderPropertyTest {

    private static final List<byte[]> SEEDS = List.of(
            Fixtures.bytes("transform-users/transform-users.wasm"),
            Fixtures.bytes("all-types/all-types.wasm"),
            Fixtures.bytes("host-call/host-call.wasm"),
            Fixtures.bytes("c-transform/transform.wasm"));

    @Property(tries = 3000)
    void mutatedComponentsNeverCrashTheDecoder(@ForAll("mutations") byte[] bytes) {
        decodeSafely(bytes);
    }

    @Property(tries = 2000)
    void randomBytesAfterThePreambleNeverCrashTheDecoder(@ForAll("randomBodies") byte[] bytes) {
        decodeSafely(bytes);
    }

    @Property(tries = 1500)
    void mutatedComponentsNeverCrashCompilation(@ForAll("mutations") byte[] bytes) {
        // the interpreter engine parses and validates embedded modules without generating bytecode
        var compiler = new ai.wippy.engine.ModuleCompiler(ai.wippy.engine.EngineMode.INTERPRETER);
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                ai.wippy.component.Component.compile(bytes, compiler);
            } catch (ComponentDecodeException e) {
                assertThat(e.getMessage()).startsWith("at byte ");
            }
        });
    }

    private static void decodeSafely(byte[] bytes) {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            try {
                ComponentAst ast = ComponentDecoder.decode(bytes);
                assertThat(ast.definitions()).isNotNull();
            } catch (ComponentDecodeException e) {
                assertThat(e.offset()).isBetween(0L, (long) bytes.length);
                assertThat(e.getMessage()).startsWith("at byte ");
            }
        });
    }

    /** The core modules' mutations (see {@link Mutations}), on component seeds. */
    @Provide
    Arbitrary<byte[]> mutations() {
        return Mutations.of(SEEDS);
    }

    @Provide
    Arbitrary<byte[]> randomBodies() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200).map(body -> {
            byte[] b = new byte[8 + body.length];
            System.arraycopy(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00}, 0, b, 0, 8);
            System.arraycopy(body, 0, b, 8, body.length);
            return b;
        });
    }
}
