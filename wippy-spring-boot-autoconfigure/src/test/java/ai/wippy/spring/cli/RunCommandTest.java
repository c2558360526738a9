package ai.wippy.spring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code java -jar app.jar run NAME [ARGS]} as a Spring application started with those arguments. */
@ExtendWith(OutputCaptureExtension.class)
class RunCommandTest {

    @SpringBootApplication
    static class App {}

    /**
     * Everything after the command name goes to the guest verbatim, so the test's own settings are
     * properties, not arguments.
     */
    static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(App.class)
                .properties(
                        "wippy.registry.locations=classpath*:wippy-cli/_index.yaml",
                        "wippy.cli.exit=false",
                        "demo.greeting=Hello from Spring",
                        "server.port=0")
                .run(args);
    }

    @Test
    void runStartsWithoutAWebServerAndReturnsTheGuestsExitCode(CapturedOutput output) {
        // the guest's own arguments ("a", "b", "c") must not be mistaken for anything else
        try (ConfigurableApplicationContext ctx = start("run", "count", "a", "b", "c")) {
            assertThat(ctx).isNotInstanceOf(ReactiveWebServerApplicationContext.class);
            assertThat(SpringApplication.exit(ctx)).isEqualTo(3);
        }
        assertThat(output.getOut()).contains("Hello from Spring");
    }

    @Test
    void runListListsTheCommands(CapturedOutput output) {
        try (ConfigurableApplicationContext ctx = start("run", "list")) {
            assertThat(ctx.getBean(WippyCommandRunner.class).getExitCode()).isZero();
        }
        assertThat(output.getOut()).contains("count").contains("Prints $GREETING");
    }

    @Test
    void withoutRunTheApplicationStartsNormally() {
        try (ConfigurableApplicationContext ctx = start()) {
            assertThat(ctx).isInstanceOf(ReactiveWebServerApplicationContext.class);
            assertThat(ctx.getBean(WippyCommandRunner.class).getExitCode()).isZero();
        }
    }
}
