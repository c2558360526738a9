package ai.wippy.spring.actors;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.actor.Payload;
import ai.wippy.actor.Pid;
import ai.wippy.call.WippyException;
import ai.wippy.spring.SignedInWebApp;
import ai.wippy.spring.TestSecurity;
import ai.wippy.spring.TestWeb;
import ai.wippy.spring.WebAppTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@link WippyProcesses} in a real WebFlux application: a user whose scope allows {@code process.*}
 * spawns a WASM counter actor, sends to it and asks it; a user without it is refused on each path,
 * and the refused messages never reach the actor.
 */
@WebAppTest(
        value = {SignedInWebApp.class, ActorsApplicationTest.Routes.class},
        properties = "wippy.registry.locations=classpath*:wippy-actors/_index.yaml")
@TestSecurity.AdminsAndUsers
class ActorsApplicationTest {

    @RestController
    static class Routes {
        private final WippyProcesses processes;

        Routes(WippyProcesses processes) {
            this.processes = processes;
        }

        @PostMapping("/counters")
        String spawn() {
            try {
                return processes.spawn("actors:counter").toString();
            } catch (WippyException e) {
                return "refused: " + e.getMessage();
            }
        }

        @PostMapping("/counters/inc")
        String inc(@RequestParam String pid) {
            try {
                processes.send(pid, "inc");
                return "ok";
            } catch (WippyException e) {
                return "refused: " + e.getMessage();
            }
        }

        @GetMapping("/counters/get")
        Mono<String> get(@RequestParam String pid) {
            return processes
                    .request(Pid.parse(pid), "get", null, Duration.ofSeconds(20))
                    .map(m -> ((Payload.Json) m.payloads().get(0)).json())
                    .onErrorResume(WippyException.class, e -> Mono.just("refused: " + e.getMessage()));
        }
    }

    @Autowired
    WebTestClient web;

    @Autowired
    WippyProcesses processes;

    private String post(String user, String password, String path, String pid) {
        return TestWeb.okBody(web.post()
                .uri(b -> b.path(path).queryParam("pid", "{pid}").build(pid))
                .headers(h -> h.setBasicAuth(user, password)));
    }

    private String get(String user, String password, String pid) {
        return TestWeb.okBody(TestWeb.patient(web)
                .get()
                .uri(b -> b.path("/counters/get").queryParam("pid", "{pid}").build(pid))
                .headers(h -> h.setBasicAuth(user, password)));
    }

    @Test
    void anAllowedUserTalksToTheActorAndADeniedOneIsRefusedOnEveryPath() {
        String pid = post("alice", "a", "/counters", "");
        assertThat(pid).startsWith("{");
        for (int i = 0; i < 3; i++) {
            assertThat(post("alice", "a", "/counters/inc", pid)).isEqualTo("ok");
        }
        assertThat(get("alice", "a", pid)).isEqualTo("3");

        assertThat(post("bob", "b", "/counters", "")).contains("refused").contains("actor 'bob' may not process.spawn");
        assertThat(post("bob", "b", "/counters/inc", pid))
                .contains("refused")
                .contains("actor 'bob' may not process.send");
        assertThat(get("bob", "b", pid)).contains("refused").contains("may not process.send");
        assertThat(get("alice", "a", pid))
                .as("bob's refused message never arrived")
                .isEqualTo("3");
    }

    @Test
    void outsideAnyRequestThereIsNoUserAndNoPrivilege() {
        // policies are in force and no system actor is configured: anonymous is refused
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> processes.spawnMonitored("actors:counter"))
                .isInstanceOf(WippyException.class)
                .hasMessageContaining("may not process.spawn actors:counter");
    }
}
