package ai.wippy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.actor.Payload;
import ai.wippy.call.Actor;
import ai.wippy.call.CallContext;
import ai.wippy.process.Supervisor;
import ai.wippy.runtime.WasmRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The sample's counter actor: state across requests from Java and Lua, members only, reset by a restart. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class CounterActorTest {

    @Autowired
    WebTestClient http;

    @Autowired
    Supervisor supervisor;

    @Autowired
    WasmRegistry registry;

    @SuppressWarnings("unchecked")
    private Map<String, Object> bump(String path) {
        return http.mutate()
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .post()
                .uri(path)
                .headers(h -> h.setBasicAuth("alice", "alice-pass"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    private static long count(Map<String, Object> m) {
        return ((Number) m.get("count")).longValue();
    }

    @Test
    void anHttpEndpointMessagesTheActorAndAnswersWithItsReply() {
        long now = count(bump("/actors/counter"));
        http.get()
                .uri("/api/counter")
                .headers(h -> h.setBasicAuth("bob", "bob-pass"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Long.class)
                .value(n -> assertThat(n).as("the same instance's count").isGreaterThanOrEqualTo(now));
        SampleWeb.expect(
                        http.post()
                                .uri("/api/counter/ping")
                                .headers(h -> h.setBasicAuth("bob", "bob-pass"))
                                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                                .bodyValue("{\"hello\":\"actor\"}"),
                        200)
                .jsonPath("$.hello")
                .isEqualTo("actor");
        SampleWeb.expect(http.get().uri("/api/counter"), 403).jsonPath("$.kind").isEqualTo("PERMISSION_DENIED");
    }

    @Test
    void theCounterKeepsItsStateAcrossJavaAndLuaAndStartsOverAfterACrash() throws Exception {
        long first = count(bump("/actors/counter"));
        assertThat(count(bump("/actors/counter"))).isEqualTo(first + 1);
        Map<String, Object> lua = bump("/actors/counter/lua");
        assertThat(count(lua)).as("Lua reaches the same instance").isEqualTo(first + 2);
        assertThat(lua.get("from"))
                .isEqualTo(supervisor.status("sample.math:counter-service").pid());

        http.post().uri("/actors/counter").exchange().expectStatus().isForbidden();

        // crash it as a member would; the supervisor restarts it as a new instance
        String before = supervisor.status("sample.math:counter-service").pid();
        CallContext alice = CallContext.empty()
                .withActor(Actor.of("alice"))
                .withScope(registry.policies().scopeForGroups(List.of("admins")));
        registry.actors().send(alice, null, before, "crash", List.of(Payload.text("now")));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((supervisor.status("sample.math:counter-service").restarts() < 1
                        || supervisor.status("sample.math:counter-service").state() != Supervisor.State.RUNNING)
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(supervisor.status("sample.math:counter-service").pid()).isNotEqualTo(before);
        assertThat(count(bump("/actors/counter"))).as("the state starts over").isEqualTo(1);
    }
}
