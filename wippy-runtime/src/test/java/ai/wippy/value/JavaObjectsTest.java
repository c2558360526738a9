package ai.wippy.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a Java field or map key is matched to a WIT field name. */
class JavaObjectsTest {

    @Test
    void namesMatchButForCaseAndSeparators() {
        assertThat(JavaObjects.sameName("first-name", "firstName")).isTrue();
        assertThat(JavaObjects.sameName("FIRST_NAME", "first-name")).isTrue();
        assertThat(JavaObjects.sameName("topic", "topic")).isTrue();
        assertThat(JavaObjects.sameName("-a-", "A")).isTrue();
        assertThat(JavaObjects.sameName("", "--")).isTrue();
        assertThat(JavaObjects.sameName("from", "topic")).isFalse();
        assertThat(JavaObjects.sameName("name", "names")).isFalse();
        assertThat(JavaObjects.sameName("names", "name")).isFalse();
        assertThat(JavaObjects.lookupField(Map.of("firstName", 1), "first-name"))
                .isEqualTo(1);
        assertThat(JavaObjects.hasField(Map.of("x", 1), "first-name")).isFalse();
    }
}
