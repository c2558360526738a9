package ai.wippy.spring.security;

import ai.wippy.spring.TestSecurity;
import ai.wippy.spring.TestWeb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Anonymous requests get what wippy.security.anonymous-groups grants, and nothing of the system
 * actor's rights, even in strict mode: on every path they are actor 'anonymous' (Lua's
 * security.actor() says so), may call what the 'public' policy allows and not payroll, which the
 * system actor may call.
 */
@IdentityApp.WebTest
@TestPropertySource(properties = {"wippy.security.anonymous-groups=public", "wippy.security.strict=true"})
class AnonymousRequestTest {

    @Autowired
    WebTestClient http;

    static java.util.stream.Stream<String> paths() {
        return IdentityOnEveryPathTest.paths();
    }

    @ParameterizedTest
    @MethodSource("paths")
    void anAnonymousRequestGetsTheAnonymousGroupsAndNotTheSystemActorsRights(String path) {
        WebTestClient patient = TestWeb.patient(http);
        TestWeb.okValue(patient.get().uri(path + "/hello"), 1);
        TestWeb.okValue(patient.get().uri(path + "/whoami"), "anonymous");
        TestWeb.denied(
                patient.get().uri(path + "/payroll"),
                "actor 'anonymous' may not funcs.call ident:payroll: no policy allows it");
    }

    @ParameterizedTest
    @MethodSource("paths")
    void strictModeLeavesAuthenticatedUsersAlone(String path) {
        TestWeb.okValue(http.get().uri(path + "/payroll").headers(TestSecurity.as("alice", "a")), 2);
    }
}
