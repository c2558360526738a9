package ai.wippy.spring.security;

import static ai.wippy.spring.TestSecurity.as;

import ai.wippy.call.CallContext;
import ai.wippy.spring.SignedInWebApp;
import ai.wippy.spring.TestSecurity;
import ai.wippy.spring.TestWeb;
import ai.wippy.spring.WebAppTest;
import ai.wippy.spring.WippyFunction;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A real WebFlux application secured with Spring Security: two users, one route, two answers. */
@WebAppTest(
        value = {SignedInWebApp.class, SecuredApplicationTest.Routes.class},
        properties = {
            "wippy.registry.locations=classpath*:wippy-secured/_index.yaml",
            "wippy.http.include-message=always"
        })
@TestSecurity.AdminsAndUsers
class SecuredApplicationTest {

    interface Fn {
        Mono<Integer> f();
    }

    @RestController
    static class Routes {
        private final Fn hello;
        private final Fn payroll;
        private final ai.wippy.runtime.WasmRegistry registry;

        Routes(
                @WippyFunction("secured:hello") Fn hello,
                @WippyFunction("secured:payroll") Fn payroll,
                ai.wippy.runtime.WasmRegistry registry) {
            this.hello = hello;
            this.payroll = payroll;
            this.registry = registry;
        }

        @GetMapping("/call/{name}")
        Mono<Map<String, Object>> call(@PathVariable String name) {
            Fn fn = name.equals("hello") ? hello : payroll;
            return fn.f().map(v -> Map.of("value", v));
        }

        /** Who the runtime thinks is calling, as a nested function would inherit it. */
        @GetMapping("/whoami")
        Mono<Map<String, Object>> whoami() {
            return registry.caller()
                    .contextReactive()
                    .map(ctx -> Map.of(
                            "actor", ctx.actor() == null ? "none" : ctx.actor().id(),
                            "roles",
                                    ctx.actor() == null
                                            ? java.util.List.of()
                                            : ctx.actor().meta().get("roles")));
        }
    }

    @Autowired
    WebTestClient http;

    @Test
    void theSameRouteIsAllowedForOneUserAndDeniedForTheOther() {
        TestWeb.okValue(http.get().uri("/call/payroll").headers(as("alice", "a")), 2);
        TestWeb.denied(
                http.get().uri("/call/payroll").headers(as("bob", "b")),
                "actor 'bob' may not funcs.call secured:payroll: no policy allows it");
        TestWeb.okValue(http.get().uri("/call/hello").headers(as("bob", "b")), 1);
    }

    @Test
    void theLoggedInUserIsTheActor() {
        TestWeb.ok(http.get().uri("/whoami").headers(as("alice", "a")))
                .jsonPath("$.actor")
                .isEqualTo("alice")
                .jsonPath("$.roles[0]")
                .isEqualTo("ROLE_ADMIN");
        org.assertj.core.api.Assertions.assertThat(CallContext.current().actor())
                .isNull();
    }

    @Test
    void aWasiHttpEndpointIsCheckedLikeAPayloadCall() {
        // alice may call it: the guest runs (and, never setting a response, answers 500)
        http.get()
                .uri("/http/payroll")
                .headers(as("alice", "a"))
                .exchange()
                .expectStatus()
                .isEqualTo(500)
                .expectBody()
                .jsonPath("$.message")
                .value(m ->
                        org.assertj.core.api.Assertions.assertThat((String) m).contains("without setting a response"));
        // bob may not: refused before any instance is borrowed
        TestWeb.denied(
                http.get().uri("/http/payroll").headers(as("bob", "b")),
                "actor 'bob' may not funcs.call secured:payroll_http: no policy allows it");
    }

    @Test
    void aWasiHttpBodyEndpointIsCheckedLikeAPayloadCall() {
        http.post()
                .uri("/http/echo-body")
                .headers(as("alice", "a"))
                .bodyValue("pay day")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("pay day");
        TestWeb.denied(
                http.post().uri("/http/echo-body").headers(as("bob", "b")).bodyValue("pay day"),
                "actor 'bob' may not funcs.call secured:echo_body: no policy allows it");
    }
}
