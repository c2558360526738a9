package ai.wippy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.runtime.WasmRegistry;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The running sample with its registry watched (as {@code spring-boot:run} starts it): the sample's own
 * {@code wippy/answer.wat}, edited where the application reads it from, changes {@code /answer} without a
 * restart; a broken edit leaves it answering the old way; restored, it answers 42 again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "wippy.registry.watch=true")
@AutoConfigureWebTestClient
class SampleLiveEditTest {

    @Autowired
    WebTestClient http;

    @Autowired
    WasmRegistry registry;

    /** Waits (at most 60 s) for the watcher to apply a change. */
    private static final ConditionFactory APPLIED =
            Awaitility.await("the change was applied in time").atMost(Duration.ofSeconds(60));

    private String answer() {
        return new String(
                SampleWeb.expect(
                                http.mutate()
                                        .responseTimeout(Duration.ofSeconds(30))
                                        .build()
                                        .get()
                                        .uri("/answer"),
                                200)
                        .returnResult()
                        .getResponseBodyContent(),
                StandardCharsets.UTF_8);
    }

    @Test
    void editingTheSamplesWatChangesItsAnswerAndABrokenEditDoesNot() throws Exception {
        URL url = getClass().getClassLoader().getResource("wippy/answer.wat");
        assertThat(url).isNotNull();
        assertThat(url.getProtocol())
                .as("the test runs from the build's classes folder")
                .isEqualTo("file");
        Path wat = Path.of(url.toURI());
        String original = Files.readString(wat, StandardCharsets.UTF_8);
        assertThat(answer()).isEqualTo("{\"answer\":42}");
        try {
            Files.writeString(wat, original.replace("i32.const 42", "i32.const 43"), StandardCharsets.UTF_8);
            APPLIED.until(() -> answer().equals("{\"answer\":43}"));

            Files.writeString(wat, "(module (func (export \"answer\")", StandardCharsets.UTF_8);
            APPLIED.until(() -> registry.lastApplyFailure() != null);
            assertThat(registry.lastApplyFailure().getMessage()).contains("sample:answer", "answer.wat");
            assertThat(answer()).isEqualTo("{\"answer\":43}");
        } finally {
            Files.writeString(wat, original, StandardCharsets.UTF_8);
        }
        APPLIED.until(() -> answer().equals("{\"answer\":42}"));
        assertThat(registry.lastApplyFailure()).isNull();
    }
}
