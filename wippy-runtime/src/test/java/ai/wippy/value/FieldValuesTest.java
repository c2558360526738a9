package ai.wippy.value;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.wit.WitType;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A lifted record behaves as an ordinary mutable map, and is read by position only while its keys are the record's. */
class FieldValuesTest {

    private static final List<WitType.Field> FIELDS = List.of(
            new WitType.Field("name", WitType.Primitive.STRING), new WitType.Field("age", WitType.Primitive.U32));

    private static FieldValues ada() {
        return new FieldValues(FIELDS, new Object[] {"ada", 36L});
    }

    @Test
    void readsAndReplacesFieldsInPlace() {
        FieldValues v = ada();
        assertThat(v).containsExactly(Map.entry("name", "ada"), Map.entry("age", 36L));
        assertThat(v.put("age", 37L)).isEqualTo(36L);
        assertThat(v.at(1)).isEqualTo(37L);
        assertThat(v.fields()).isSameAs(FIELDS);
        assertThat(v).isEqualTo(Map.of("name", "ada", "age", 37L));
    }

    @Test
    void addingOrRemovingKeysMakesItAnOrdinaryMapInFieldOrder() {
        FieldValues v = ada();
        assertThat(v.put("team", "math")).isNull();
        assertThat(v.fields()).as("no longer read by position").isNull();
        assertThat(v).containsExactly(Map.entry("name", "ada"), Map.entry("age", 36L), Map.entry("team", "math"));
        assertThat(v.remove("name")).isEqualTo("ada");
        assertThat(v).hasSize(2).doesNotContainKey("name");

        FieldValues w = ada();
        assertThat(w.remove("nothing")).isNull();
        assertThat(w.fields()).as("nothing removed, still the record").isSameAs(FIELDS);
        w.clear();
        assertThat(w).isEmpty();
    }

    @Test
    void entriesAndIteratorsWriteThrough() {
        FieldValues v = ada();
        for (Map.Entry<String, Object> e : v.entrySet()) {
            if (e.getKey().equals("age")) {
                e.setValue(40L);
            }
        }
        assertThat(v.get("age")).isEqualTo(40L);
        Iterator<Map.Entry<String, Object>> it = v.entrySet().iterator();
        it.next();
        it.remove();
        assertThat(v).containsExactly(Map.entry("age", 40L));
        v.keySet().removeIf(k -> k.equals("age"));
        assertThat(v).isEmpty();
        assertThat(new LinkedHashMap<>(ada())).isEqualTo(ada());
    }
}
