package ai.wippy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.registry.Registry;
import ai.wippy.registry.RegistryDocument;
import ai.wippy.registry.RegistryException;
import ai.wippy.registry.RegistryOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registry files parsed by the caller (the starter's bean registrar) are not parsed again by the build. */
class ParsedDocumentsTest {

    private static String function(String namespace, String name, String source) {
        return "version: \"1.0\"\nnamespace: " + namespace + "\nentries:\n  - name: " + name
                + "\n    kind: function.wat\n    method: f\n    source: '" + source + "'\n";
    }

    private static final String SEVEN = "(module (func (export \"f\") (result i32) i32.const 7))";

    @Test
    void theParsedEntriesAreTheOnesLoaded() {
        List<RegistryDocument> docs = List.of(TestRegistries.doc(function("app", "seven", SEVEN)));
        Registry parsed = Registry.load(docs, RegistryOptions.defaults());
        try (WasmRegistry r = WasmRegistry.builder().documents(docs, parsed).build()) {
            assertThat(r.registry()).isSameAs(parsed);
            assertThat(r.call("app:seven")).isEqualTo(7);
        }
    }

    @Test
    void documentsAddedLaterOrOtherOptionsAreParsedAfresh() {
        List<RegistryDocument> docs = List.of(TestRegistries.doc(function("app", "seven", SEVEN)));
        Registry parsed = Registry.load(docs, RegistryOptions.defaults());
        RegistryDocument more = TestRegistries.doc(
                "more/_index.yaml",
                function("more", "eight", "(module (func (export \"f\") (result i32) i32.const 8))"),
                java.nio.file.Path.of("."));
        try (WasmRegistry r =
                WasmRegistry.builder().documents(docs, parsed).document(more).build()) {
            assertThat(r.registry()).isNotSameAs(parsed);
            assertThat(r.call("app:seven")).isEqualTo(7);
            assertThat(r.call("more:eight")).isEqualTo(8);
        }
        try (WasmRegistry r = WasmRegistry.builder()
                .documents(docs, parsed)
                .registryOptions(new RegistryOptions(RegistryOptions.DEFAULT_MAX_FILE_SIZE, true))
                .build()) {
            assertThat(r.registry()).isNotSameAs(parsed);
            assertThat(r.registry().options().allowOutsideSources()).isTrue();
        }
    }

    @Test
    void aBrokenEntryOfParsedDocumentsStillFailsTheBootNamed() {
        List<RegistryDocument> docs = List.of(TestRegistries.doc(function("app", "broken", "(module (func")));
        Registry parsed = Registry.load(docs, RegistryOptions.defaults());
        assertThatThrownBy(() -> WasmRegistry.builder().documents(docs, parsed).build())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("test/_index.yaml")
                .hasMessageContaining("app:broken")
                .hasMessageContaining("source")
                .hasMessageContaining("WAT does not assemble");
    }
}
