package ai.wippy.spring.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.spring.TestSecurity;
import ai.wippy.spring.TestWeb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
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

    static final String INDEX = """
            version: "1.0"
            namespace: live
            entries:
              - name: operators
                kind: security.policy
                groups: [admins]
                policy: { actions: "registry.apply", resources: "registry", effect: allow }
              - name: callers
                kind: security.policy
                groups: [admins, users]
                policy: { actions: "funcs.call", resources: "live:*", effect: allow }
              - name: answer
                kind: function.wat
                method: answer
                wit: "answer: func() -> s32;"
                source: file://answer.wat
              - { name: answer_get, kind: http.endpoint, method: GET, path: /answer, func: answer }
            """;

    static String wat(int answer) {
        return "(module (func (export \"answer\") (result i32) i32.const " + answer + "))";
    }

    static void write(String file, String text) throws IOException {
        Files.writeString(folder.resolve(file), text, StandardCharsets.UTF_8);
    }

    static void registry(DynamicPropertyRegistry properties) throws IOException {
        write("_index.yaml", INDEX);
        write("answer.wat", wat(42));
        properties.add("wippy.registry.directories", () -> folder.toString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(TestSecurity.AliceAndBob.class)
    static class App {

        /** The actuator is reachable without signing in, so that the endpoint itself must refuse anonymous. */
        @Bean
        SecurityWebFilterChain chain(ServerHttpSecurity http) {
            return TestSecurity.basic(
                    http,
                    e -> e.pathMatchers("/actuator/**")
                            .permitAll()
                            .anyExchange()
                            .authenticated());
        }
    }

    @Nested
    @SpringBootTest(
            classes = App.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "wippy.registry.locations=classpath*:no-such-folder/_index.yaml",
                "wippy.registry.watch=false",
                "wippy.security.authority-groups.ROLE_ADMIN=admins",
                "wippy.security.authority-groups.ROLE_USER=users",
                "management.endpoints.web.exposure.include=wippy",
                "management.endpoint.wippy.access=unrestricted"
            })
    @AutoConfigureWebTestClient
    class WithWritesAllowed {

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry properties) throws IOException {
            registry(properties);
        }

        @Autowired
        WebTestClient web;

        String answer() {
            return TestWeb.okBody(web.get().uri("/answer").headers(h -> h.setBasicAuth("bob", "b")));
        }

        WebTestClient.ResponseSpec apply(String user, String password) {
            return web.post()
                    .uri("/actuator/wippy")
                    .headers(h -> {
                        if (user != null) {
                            h.setBasicAuth(user, password);
                        }
                    })
                    .exchange();
        }

        @Test
        void anOperatorAppliesAChangeOthersAreRefusedAndABrokenChangeKeepsTheOldRegistry() throws Exception {
            assertThat(answer()).contains("42");
            write("answer.wat", wat(43));

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
    @SpringBootTest(
            classes = App.class,
            webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {
                "wippy.registry.locations=classpath*:no-such-folder/_index.yaml",
                "wippy.registry.watch=false",
                "wippy.security.authority-groups.ROLE_ADMIN=admins",
                "management.endpoints.web.exposure.include=wippy"
            })
    @AutoConfigureWebTestClient
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
                    .headers(h -> h.setBasicAuth("alice", "a"))
                    .exchange()
                    .expectStatus()
                    .value(status -> assertThat(status).isNotEqualTo(200));
        }
    }
}
