package ai.wippy.spring.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.wippy.registry.RegistryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A registry error at boot ends with Spring Boot's failure report naming file, entry, field and fix. */
@ExtendWith(OutputCaptureExtension.class)
class RegistryFailureAnalyzerTest {

    private final RegistryFailureAnalyzer analyzer = new RegistryFailureAnalyzer();

    @Test
    void describesTheFileEntryFieldAndProblemAndSaysWhatToChange() {
        RegistryException cause = new RegistryException(
                "classpath:wippy/_index.yaml",
                "myapp:compute",
                "method",
                "'comptue' is not exported; the module exports [compute]");
        Throwable wrapped = new BeanCreationException("wippyRegistry", "Failed to instantiate", cause);

        FailureAnalysis analysis = analyzer.analyze(wrapped);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription())
                .contains("File:    classpath:wippy/_index.yaml")
                .contains("Entry:   myapp:compute")
                .contains("Field:   method")
                .contains("Problem: 'comptue' is not exported; the module exports [compute]");
        assertThat(analysis.getAction())
                .startsWith("Correct field 'method' of entry 'myapp:compute' in classpath:wippy/_index.yaml")
                .contains("name a function the module or script exports");
        assertThat(analysis.getCause()).isSameAs(cause);
    }

    @Test
    void aFileLevelErrorHasNoEntryOrField() {
        FailureAnalysis analysis = analyzer.analyze(
                new RegistryException("/srv/app/_index.yaml", null, null, "malformed YAML at line 3, column 7"));
        assertThat(analysis.getDescription())
                .contains("File:    /srv/app/_index.yaml")
                .doesNotContain("Entry:")
                .doesNotContain("Field:");
        assertThat(analysis.getAction()).startsWith("Correct /srv/app/_index.yaml");
    }

    @Test
    void otherFailuresAreLeftToOtherAnalyzers() {
        assertThat(analyzer.analyze(new IllegalStateException("not ours"))).isNull();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class BrokenApp {}

    @Test
    void aBrokenRegistryEndsTheBootWithTheReportInsteadOfAStackTrace(CapturedOutput output) {
        SpringApplication app = new SpringApplication(BrokenApp.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        Throwable failure = catchThrowable(() -> app.run(
                "--wippy.registry.locations=classpath:wippy-broken/_index.yaml", "--spring.main.banner-mode=off"));

        assertThat(failure).hasRootCauseInstanceOf(RegistryException.class);
        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("Description:")
                .contains("Wippy could not load its registry.")
                .containsPattern("File: +\\S*wippy-broken/_index.yaml\n")
                .contains("Entry:   myapp:compute")
                .contains("Field:   method")
                .contains("Problem: 'comptue' is not exported; the module exports [compute]")
                .contains("Action:")
                .contains("Correct field 'method' of entry 'myapp:compute'")
                .doesNotContain("\tat org.springframework.beans");
    }
}
