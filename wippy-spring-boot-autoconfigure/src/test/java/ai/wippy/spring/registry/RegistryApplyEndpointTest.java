package ai.wippy.spring.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.spring.TestSecurity;
import ai.wippy.spring.TestWeb;
import ai.wippy.spring.WebAppTest;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The actuator's write operation applies the registry files as they are now: only a user whose scope
 * allows {@code registry.apply} may, anonymous never, a broken change leaves the old registry serving;
 * and the operation is off unless the endpoint's access is raised.
 */
class RegistryApplyEndpointTest {

    @TempDir
    static Path folder;

    static final String INDEX = AnswerFolder.index("""
              - name: operators
                kind: security.policy
                groups: [admins]
                policy: { actions: "registry.apply", resources: "registry", effect: allow }
              - name: callers
                kind: security.policy
                groups: [admins, users]
                policy: { actions: "funcs.call", resources: "live:*", effect: allow }
            """);

    static void write(String file, String text) throws IOException {
        AnswerFolder.write(folder, file, text);
    }

    /** The registry is the folder's, applied by the endpoint only (not watched). */
    static void registry(DynamicPropertyRegistry properties) throws IOException {
        AnswerFolder.create(folder, INDEX, properties);
        properties.add("wippy.registry.locations", () -> "classpath*:no-such-folder/_index.yaml");
        properties.add("wippy.registry.watch", () -> "false");
        properties.add("management.endpoints.web.exposure.include", () -> "wippy");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(TestSecurity.AliceAndBob.class)
    static class App {

        /** The actuator is reachable without signing in, so that the endpoint itself must refuse anonymous. */
        @Bean
        SecurityWebFilterChain chain(ServerHttpSecurity http) {
            return TestSecurity.basic(http, false, "/actuator/**");
        }
    }

    @Nested
    @WebAppTest(value = App.class, properties = "management.endpoint.wippy.access=unrestricted")
    @TestSecurity.AdminsAndUsers
    class WithWritesAllowed {

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry properties) throws IOException {
            registry(properties);
        }

        @Autowired
        WebTestClient web;

        String answer() {
            return TestWeb.okBody(web.get().uri("/answer").headers(TestSecurity.as("bob", "b")));
        }

        WebTestClient.ResponseSpec apply(String user, String password) {
            return web.post()
                    .uri("/actuator/wippy")
                    .headers(user == null ? TestSecurity.ANONYMOUS : TestSecurity.as(user, password))
                    .exchange();
        }

        @Test
        void anOperatorAppliesAChangeOthersAreRefusedAndABrokenChangeKeepsTheOldRegistry() throws Exception {
            assertThat(answer()).contains("42");
            write("answer.wat", AnswerFolder.wat(43));

            apply("bob", "b")
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .jsonPath("$.error")
                    .value(m -> assertThat((String) m).contains("actor 'bob' may not registry.apply registry"));
            apply(null, null)
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .jsonPath("$.error")
                    .value(m -> assertThat((String) m).contains("an anonymous caller may not registry.apply"));
            assertThat(answer()).as("nothing applied yet").contains("42");

            apply("alice", "a")
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.applied")
                    .isEqualTo(true)
                    .jsonPath("$.loaded")
                    .value(l -> assertThat(l.toString()).contains("live:answer"));
            assertThat(answer()).contains("43");

            write("answer.wat", "(module (func (export \"answer\"");
            apply("alice", "a")
                    .expectStatus()
                    .isEqualTo(422)
                    .expectBody()
                    .jsonPath("$.applied")
                    .isEqualTo(false)
                    .jsonPath("$.error")
                    .value(m -> assertThat((String) m).contains("live:answer"));
            assertThat(answer()).as("the old registry still serves").contains("43");
        }
    }

    @Nested
    @WebAppTest(App.class)
    @TestSecurity.AdminsAndUsers
    class ByDefault {

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry properties) throws IOException {
            registry(properties);
        }

        @Autowired
        WebTestClient web;

        @Test
        void theWriteOperationIsOffAndReadsStillWork() {
            web.get().uri("/actuator/wippy").exchange().expectStatus().isOk();
            web.post()
                    .uri("/actuator/wippy")
                    .headers(TestSecurity.as("alice", "a"))
                    .exchange()
                    .expectStatus()
                    .value(status -> assertThat(status).isNotEqualTo(200));
        }
    }
}
