package ai.wippy.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The caller's identity is the same on every path: each way of calling (typed proxies, sync, Mono and
 * CompletableFuture; registry.call and callAsync; the function bean; an @Async method; a sync call
 * after an async one), from an annotated controller and from a functional handler, gives alice (an
 * admin), bob (a user) and an anonymous caller the same answer. A system actor is set, with every
 * right: an anonymous request must not get it; the scheduled job does.
 */
@SpringBootTest(
        classes = IdentityApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "wippy.registry.locations=classpath*:wippy-identity/_index.yaml",
            "wippy.security.authority-groups.ROLE_ADMIN=admins",
            "wippy.security.authority-groups.ROLE_USER=users",
            "wippy.security.system-actor=scheduler",
            "wippy.security.system-groups=ops"
        })
@AutoConfigureWebTestClient
class IdentityOnEveryPathTest {

    @Autowired
    WebTestClient http;

    @Autowired
    IdentityApp.Nightly nightly;

    static java.util.stream.Stream<String> paths() {
        return java.util.Arrays.stream(IdentityApp.WAYS)
                .flatMap(way -> java.util.stream.Stream.of("/a/" + way, "/f/" + way));
    }

    private WebTestClient.ResponseSpec get(String uri, Consumer<HttpHeaders> who) {
        return http.mutate()
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .get()
                .uri(uri)
                .headers(who)
                .exchange();
    }

    private static Consumer<HttpHeaders> as(String user, String password) {
        return h -> h.setBasicAuth(user, password);
    }

    private static final Consumer<HttpHeaders> ANONYMOUS = h -> {};

    @ParameterizedTest
    @MethodSource("paths")
    void anAdminMayCallEverythingAndIsHimself(String path) {
        get(path + "/payroll", as("alice", "a"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.value")
                .isEqualTo(2);
        get(path + "/whoami", as("alice", "a"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.value")
                .isEqualTo("alice");
    }

    @ParameterizedTest
    @MethodSource("paths")
    void aUserIsDeniedWhatThePoliciesDenyOnEveryPath(String path) {
        get(path + "/hello", as("bob", "b"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.value")
                .isEqualTo(1);
        get(path + "/whoami", as("bob", "b"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.value")
                .isEqualTo("bob");
        get(path + "/payroll", as("bob", "b"))
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.kind")
                .isEqualTo("PERMISSION_DENIED")
                .jsonPath("$.message")
                .isEqualTo("actor 'bob' may not funcs.call ident:payroll: no policy allows it");
    }

    @ParameterizedTest
    @MethodSource("paths")
    void anAnonymousRequestIsTheAnonymousActorNeverTheSystemActor(String path) {
        // no wippy.security.anonymous-groups: the policies give the anonymous actor nothing
        for (String fn : new String[] {"hello", "payroll", "whoami"}) {
            // "chain" calls ident:hello first
            String denied = path.endsWith("/chain") ? "hello" : fn;
            get(path + "/" + fn, ANONYMOUS)
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .jsonPath("$.message")
                    .isEqualTo("actor 'anonymous' may not funcs.call ident:" + denied + ": no policy allows it");
        }
    }

    @Test
    void aScheduledJobRunsAsTheSystemActor() throws Exception {
        Map<String, Object> seen = nightly.seen.get(30, TimeUnit.SECONDS);
        assertThat(seen).containsEntry("whoami", "scheduler").containsEntry("payroll", 2);
    }

    @Test
    void noIdentityIsLeftOnTheTestThread() {
        get("/a/sync/whoami", as("alice", "a")).expectStatus().isOk();
        assertThat(RequestIdentity.current()).isNull();
        assertThat(ai.wippy.call.CallContext.current().actor()).isNull();
    }
}
