package ai.wippy.component;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.*;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sizes, alignments and flattenings as CanonicalABI.md defines them. */
class AbiLayoutTest {

    static final RecordType USER = new RecordType(
            "user",
            List.of(
                    new Field("name", Primitive.STRING),
                    new Field("age", Primitive.U32),
                    new Field("tags", new ListType(Primitive.STRING))));

    @Test
    void recordsPadFieldsToTheirAlignment() {
        var r = new RecordType("r", List.of(new Field("a", Primitive.U8), new Field("b", Primitive.U64)));

        assertThat(AbiLayout.size(r)).isEqualTo(16);
        assertThat(AbiLayout.alignment(r)).isEqualTo(8);
        assertThat(AbiLayout.size(USER)).isEqualTo(20);
    }

    @Test
    void variantsPutThePayloadAfterADiscriminantSizedByTheCaseCount() {
        var v = new VariantType(
                "v", List.of(new Case("a", null), new Case("b", Primitive.U64), new Case("c", Primitive.STRING)));

        assertThat(AbiLayout.size(v)).isEqualTo(16);
        assertThat(AbiLayout.payloadOffset(3, AbiLayout.caseTypes(v))).isEqualTo(8);
        assertThat(AbiLayout.size(new OptionType(Primitive.STRING))).isEqualTo(12);
        assertThat(AbiLayout.size(new ResultType(null, null))).isEqualTo(1);
    }

    @Test
    void enumsAndFlagsGrowWithTheirLabels() {
        List<String> many =
                java.util.stream.IntStream.range(0, 300).mapToObj(i -> "c" + i).toList();
        List<String> flags =
                java.util.stream.IntStream.range(0, 9).mapToObj(i -> "f" + i).toList();

        assertThat(AbiLayout.size(new EnumType("e", many))).isEqualTo(2);
        assertThat(AbiLayout.size(new FlagsType("f", flags))).isEqualTo(2);
    }

    @Test
    void variantPayloadSlotsJoinToTheWidestType() {
        WitType v = new VariantType("n", List.of(new Case("i", Primitive.S64), new Case("f", Primitive.F32)));
        WitType w = new VariantType("m", List.of(new Case("i", Primitive.U32), new Case("f", Primitive.F32)));

        assertThat(AbiLayout.flatten(v)).containsExactly(ValType.I32, ValType.I64);
        assertThat(AbiLayout.flatten(w)).containsExactly(ValType.I32, ValType.I32);
        assertThat(AbiLayout.flatten(USER)).hasSize(5);
    }
}
