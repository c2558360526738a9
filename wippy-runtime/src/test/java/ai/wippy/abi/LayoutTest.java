package ai.wippy.abi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.*;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sizes, alignments and flattenings as CanonicalABI.md defines them. */
class LayoutTest {

    static final RecordType USER = new RecordType(
            "user",
            List.of(
                    new Field("name", Primitive.STRING),
                    new Field("age", Primitive.U32),
                    new Field("tags", new ListType(Primitive.STRING))));

    @Test
    void recordsPadFieldsToTheirAlignment() {
        var r = new RecordType("r", List.of(new Field("a", Primitive.U8), new Field("b", Primitive.U64)));

        assertThat(Layout.size(r)).isEqualTo(16);
        assertThat(Layout.alignment(r)).isEqualTo(8);
        assertThat(Layout.size(USER)).isEqualTo(20);
    }

    @Test
    void variantsPutThePayloadAfterADiscriminantSizedByTheCaseCount() {
        var v = new VariantType(
                "v", List.of(new Case("a", null), new Case("b", Primitive.U64), new Case("c", Primitive.STRING)));

        assertThat(Layout.size(v)).isEqualTo(16);
        assertThat(Layout.alignTo(Layout.discriminantSize(3), Layout.maxCaseAlignment(Layout.cases(v))))
                .isEqualTo(8);
        assertThat(Layout.size(new OptionType(Primitive.STRING))).isEqualTo(12);
        assertThat(Layout.size(new ResultType(null, null))).isEqualTo(1);
    }

    @Test
    void enumsAndFlagsGrowWithTheirLabels() {
        List<String> many =
                java.util.stream.IntStream.range(0, 300).mapToObj(i -> "c" + i).toList();
        List<String> flags =
                java.util.stream.IntStream.range(0, 9).mapToObj(i -> "f" + i).toList();

        assertThat(Layout.size(new EnumType("e", many))).isEqualTo(2);
        assertThat(Layout.size(new FlagsType("f", flags))).isEqualTo(2);
    }

    @Test
    void variantPayloadSlotsJoinToTheWidestType() {
        WitType v = new VariantType("n", List.of(new Case("i", Primitive.S64), new Case("f", Primitive.F32)));
        WitType w = new VariantType("m", List.of(new Case("i", Primitive.U32), new Case("f", Primitive.F32)));

        assertThat(Layout.flatten(v)).containsExactly(ValType.I32, ValType.I64);
        assertThat(Layout.flatten(w)).containsExactly(ValType.I32, ValType.I32);
        assertThat(Layout.flatten(USER)).hasSize(5);
    }

    @Test
    void layoutsAreComputedOncePerTypeObject() {
        WitType option = new OptionType(USER);

        assertThat(Layout.flatten(option)).isSameAs(Layout.flatten(option));
        assertThat(Layout.cases(option)).isSameAs(Layout.cases(option));
        // an equal type built again gets the same answer (computed for that object)
        assertThat(Layout.flatten(new OptionType(USER))).isEqualTo(Layout.flatten(option));
        assertThat(Layout.size(option)).isEqualTo(24);
    }
}
