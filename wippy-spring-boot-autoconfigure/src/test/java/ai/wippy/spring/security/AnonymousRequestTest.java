package ai.wippy.spring.security;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Anonymous requests get what wippy.security.anonymous-groups grants, and nothing of the system
 * actor's rights, even in strict mode: on every path they are actor 'anonymous' (Lua's
 * security.actor() says so), may call what the 'public' policy allows and not payroll, which the
 * system actor may call.
 */
@SpringBootTest(
        classes = IdentityApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "wippy.registry.locations=classpath*:wippy-identity/_index.yaml",
            "wippy.security.authority-groups.ROLE_ADMIN=admins",
            "wippy.security.authority-groups.ROLE_USER=users",
            "wippy.security.system-actor=scheduler",
            "wippy.security.system-groups=ops",
            "wippy.security.anonymous-groups=public",
            "wippy.security.strict=true"
        })
@AutoConfigureWebTestClient
class AnonymousRequestTest {

    @Autowired
    WebTestClient http;

    static java.util.stream.Stream<String> paths() {
        return IdentityOnEveryPathTest.paths();
    }

    private WebTestClient.ResponseSpec get(String uri) {
        return http.mutate()
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .get()
                .uri(uri)
                .exchange();
    }

    @ParameterizedTest
    @MethodSource("paths")
    void anAnonymousRequestGetsTheAnonymousGroupsAndNotTheSystemActorsRights(String path) {
        get(path + "/hello")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.value")
                .isEqualTo(1);
        get(path + "/whoami")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.value")
                .isEqualTo("anonymous");
        get(path + "/payroll")
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.kind")
                .isEqualTo("PERMISSION_DENIED")
                .jsonPath("$.message")
                .isEqualTo("actor 'anonymous' may not funcs.call ident:payroll: no policy allows it");
    }

    @ParameterizedTest
    @MethodSource("paths")
    void strictModeLeavesAuthenticatedUsersAlone(String path) {
        http.get()
                .uri(path + "/payroll")
                .headers(h -> h.setBasicAuth("alice", "a"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.value")
                .isEqualTo(2);
    }
}
