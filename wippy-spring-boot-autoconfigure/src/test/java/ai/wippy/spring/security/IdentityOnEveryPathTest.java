package ai.wippy.spring.security;

import static ai.wippy.spring.TestSecurity.ANONYMOUS;
import static ai.wippy.spring.TestSecurity.as;
import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.spring.TestWeb;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The caller's identity is the same on every path: each way of calling (typed proxies, sync, Mono and
 * CompletableFuture; registry.call and callAsync; the function bean; an @Async method; a sync call
 * after an async one), from an annotated controller and from a functional handler, gives alice (an
 * admin), bob (a user) and an anonymous caller the same answer. A system actor is set, with every
 * right: an anonymous request must not get it; the scheduled job does.
 */
@IdentityApp.WebTest
class IdentityOnEveryPathTest {

    @Autowired
    WebTestClient http;

    @Autowired
    IdentityApp.Nightly nightly;

    static java.util.stream.Stream<String> paths() {
        return java.util.Arrays.stream(IdentityApp.WAYS)
                .flatMap(way -> java.util.stream.Stream.of("/a/" + way, "/f/" + way));
    }

    private WebTestClient.RequestHeadersSpec<?> get(String uri, Consumer<HttpHeaders> who) {
        return TestWeb.patient(http).get().uri(uri).headers(who);
    }

    @ParameterizedTest
    @MethodSource("paths")
    void anAdminMayCallEverythingAndIsHimself(String path) {
        TestWeb.okValue(get(path + "/payroll", as("alice", "a")), 2);
        TestWeb.okValue(get(path + "/whoami", as("alice", "a")), "alice");
    }

    @ParameterizedTest
    @MethodSource("paths")
    void aUserIsDeniedWhatThePoliciesDenyOnEveryPath(String path) {
        TestWeb.okValue(get(path + "/hello", as("bob", "b")), 1);
        TestWeb.okValue(get(path + "/whoami", as("bob", "b")), "bob");
        TestWeb.denied(
                get(path + "/payroll", as("bob", "b")),
                "actor 'bob' may not funcs.call ident:payroll: no policy allows it");
    }

    @ParameterizedTest
    @MethodSource("paths")
    void anAnonymousRequestIsTheAnonymousActorNeverTheSystemActor(String path) {
        // no wippy.security.anonymous-groups: the policies give the anonymous actor nothing
        for (String fn : new String[] {"hello", "payroll", "whoami"}) {
            // "chain" calls ident:hello first
            String denied = path.endsWith("/chain") ? "hello" : fn;
            TestWeb.denied(
                    get(path + "/" + fn, ANONYMOUS),
                    "actor 'anonymous' may not funcs.call ident:" + denied + ": no policy allows it");
        }
    }

    @Test
    void aScheduledJobRunsAsTheSystemActor() throws Exception {
        Map<String, Object> seen = nightly.seen.get(30, TimeUnit.SECONDS);
        assertThat(seen).containsEntry("whoami", "scheduler").containsEntry("payroll", 2);
    }

    @Test
    void noIdentityIsLeftOnTheTestThread() {
        get("/a/sync/whoami", as("alice", "a")).exchange().expectStatus().isOk();
        assertThat(RequestIdentity.current()).isNull();
        assertThat(ai.wippy.call.CallContext.current().actor()).isNull();
    }
}
