package ai.wippy.component.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.component.Fixtures;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ComponentDecoderTest {

    @Test
    void decodesTheTransformUsersComponent() {
        ComponentAst ast = ComponentDecoder.decode(Fixtures.bytes("transform-users/transform-users.wasm"));

        assertThat(ast.definitions()).first().isInstanceOf(Definition.CoreModule.class);
        assertThat(ast.definitions())
                .filteredOn(d -> d instanceof Definition.Export)
                .extracting(d -> ((Definition.Export) d).name())
                .containsExactly("transform-users");
        assertThat(ast.definitions())
                .filteredOn(d -> d instanceof Definition.Import)
                .extracting(d -> ((Definition.Import) d).name())
                .containsExactly("user", "display");
    }

    @Test
    void decodesNestedComponentsResourcesAndEveryValueType() {
        ComponentAst ast = ComponentDecoder.decode(Fixtures.bytes("all-types/all-types.wasm"));

        assertThat(ast.definitions()).anyMatch(d -> d instanceof Definition.NestedComponent);
        assertThat(ast.definitions()).anyMatch(d -> d instanceof Definition.CanonResourceNew);
        assertThat(ast.definitions())
                .filteredOn(d -> d instanceof Definition.TypeDef t && t.type() instanceof Types.ResourceType)
                .hasSize(1);
    }

    @Test
    void aCoreModuleIsNotAComponent() {
        byte[] core = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

        assertThatThrownBy(() -> ComponentDecoder.decode(core))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessage("at byte 4 (0x4): this is a core module (version 1), not a component");
    }

    @Test
    void aTruncatedBinaryNamesTheOffsetAndWhatWasExpected() {
        byte[] full = Fixtures.bytes("transform-users/transform-users.wasm");
        byte[] cut = Arrays.copyOf(full, full.length - 3);

        assertThatThrownBy(() -> ComponentDecoder.decode(cut))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessageContaining("runs past the end");
    }

    @Test
    void anIndexOutOfBoundsIsNamedWithItsIndexSpace() {
        // preamble; export section: 1 export, name "f", sort func, index 0, no type
        byte[] bytes = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 11, 6, 1, 0x00, 1, 'f', 0x01, 0x00, 0x00};
        assertThatThrownBy(() -> ComponentDecoder.decode(bytes))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessage(
                        "at byte 15 (0xf): exported func index 0 is out of bounds: the func index space has 0 entries");
    }

    @Test
    void anUnknownSectionIsRefused() {
        byte[] bytes = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 13, 0};

        assertThatThrownBy(() -> ComponentDecoder.decode(bytes))
                .hasMessage("at byte 8 (0x8): unknown section id 13, expected 0..11");
    }

    @Test
    void duplicateExportNamesAreRefused() {
        // a type section with one bool type, then two exports of it named "t"
        byte[] bytes = {
            0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 7, 2, 1, 0x7f, 11, 11, 2, 0x00, 1, 't', 0x03, 0x00, 0x00,
            0x00, 1, 't', 0x03, 0x00, 0x00
        };
        assertThatThrownBy(() -> ComponentDecoder.decode(bytes))
                .isInstanceOf(ComponentDecodeException.class)
                .hasMessage("at byte 21 (0x15): duplicate export name 't'");
    }
}
