package ai.wippy.spring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.spring.TestSecurity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.reactive.ReactiveWebApplicationContext;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.context.WebApplicationContext;

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
        return builder(App.class).run(args);
    }

    static SpringApplicationBuilder builder(Class<?> source) {
        return new SpringApplicationBuilder(source)
                .properties(
                        "wippy.registry.locations=classpath*:wippy-cli/_index.yaml",
                        "wippy.cli.exit=false",
                        "demo.greeting=Hello from Spring",
                        "server.port=0");
    }

    /**
     * A WebFlux application with its own Spring Security chain, as most applications have: the chain
     * needs {@link ServerHttpSecurity}, which only exists in a reactive web application. Not a
     * {@code @Configuration}, so that {@link App}'s component scan leaves it out.
     */
    @EnableAutoConfiguration
    static class SecuredApp {
        @Bean
        SecurityWebFilterChain chain(ServerHttpSecurity http) {
            return TestSecurity.basic(http, true, "/secure/**");
        }

        @Bean
        MapReactiveUserDetailsService users() {
            return TestSecurity.users("ada:pw:USER");
        }
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

    @Test
    void runWorksInAnApplicationWithASecurityWebFilterChain(CapturedOutput output) {
        try (ConfigurableApplicationContext ctx = builder(SecuredApp.class).run("run", "count", "x", "y")) {
            // the reactive web stack is there (the chain was built from ServerHttpSecurity), the server is not
            assertThat(ctx).isInstanceOf(ReactiveWebApplicationContext.class);
            assertThat(ctx).isNotInstanceOf(WebServerApplicationContext.class);
            assertThat(ctx.getBeansOfType(SecurityWebFilterChain.class)).containsKey("chain");
            assertThat(SpringApplication.exit(ctx)).isEqualTo(2);
        }
        assertThat(output.getOut()).contains("Hello from Spring");
    }

    @Test
    void runListWorksInAnApplicationWithASecurityWebFilterChain(CapturedOutput output) {
        try (ConfigurableApplicationContext ctx = builder(SecuredApp.class).run("run", "list")) {
            assertThat(ctx.getBean(WippyCommandRunner.class).getExitCode()).isZero();
        }
        assertThat(output.getOut()).contains("count").contains("Prints $GREETING");
    }

    @Test
    void withoutRunTheSecuredApplicationServesHttpThroughItsChain() {
        try (ConfigurableApplicationContext ctx = builder(SecuredApp.class).run()) {
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            WebTestClient http = WebTestClient.bindToServer()
                    .baseUrl("http://localhost:" + port)
                    .build();
            http.get().uri("/secure/x").exchange().expectStatus().isUnauthorized();
            http.get().uri("/open").exchange().expectStatus().isNotFound();
        }
    }

    @Test
    void runWorksInAnApplicationWithoutAWebStack(CapturedOutput output) {
        try (ConfigurableApplicationContext ctx =
                builder(App.class).web(WebApplicationType.NONE).run("run", "count", "a")) {
            assertThat(ctx).isNotInstanceOf(WebApplicationContext.class);
            assertThat(ctx).isNotInstanceOf(ReactiveWebApplicationContext.class);
            assertThat(SpringApplication.exit(ctx)).isEqualTo(1);
        }
        assertThat(output.getOut()).contains("Hello from Spring");
    }

    @Test
    void runStartsAServletApplicationWithoutItsWebStack(CapturedOutput output) {
        // no servlet container on this class path: starting the servlet stack would fail the run
        try (ConfigurableApplicationContext ctx =
                builder(App.class).web(WebApplicationType.SERVLET).run("run", "count")) {
            assertThat(ctx).isNotInstanceOf(WebApplicationContext.class);
            assertThat(ctx).isNotInstanceOf(ReactiveWebApplicationContext.class);
            assertThat(SpringApplication.exit(ctx)).isZero();
        }
        assertThat(output.getOut()).contains("Hello from Spring");
    }
}
