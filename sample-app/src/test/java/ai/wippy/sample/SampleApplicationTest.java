package ai.wippy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class SampleApplicationTest {

    @Autowired
    WebTestClient http;

    @Test
    void answersFromAWatFunction() {
        SampleWeb.expect(http.get().uri("/answer"), 200).jsonPath("$.answer").isEqualTo(42);
    }

    @Test
    void addsWithAWasmCoreModuleFromAFileSystemFolder() {
        http.get()
                .uri("/add?a=6&b=7")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("{\"a\":6,\"b\":7,\"sum\":13}"); // as the README shows it
    }

    @Test
    void theSecuredRouteAnswersPerUser() {
        http.get().uri("/secure/payroll").exchange().expectStatus().isUnauthorized();
        SampleWeb.expect(http.get().uri("/secure/payroll").headers(h -> h.setBasicAuth("alice", "alice-pass")), 200)
                .jsonPath("$.total")
                .isEqualTo(123456);
        SampleWeb.expect(http.get().uri("/secure/payroll").headers(h -> h.setBasicAuth("bob", "bob-pass")), 403)
                .jsonPath("$.kind")
                .isEqualTo("PERMISSION_DENIED");
        SampleWeb.expect(http.get().uri("/public/answer"), 200)
                .jsonPath("$.answer")
                .isEqualTo(42);
    }

    @Test
    void luaCallsAComponentAndAComponentCallsLua() {
        http.post()
                .uri("/lua/users")
                .bodyValue(
                        java.util.List.of(java.util.Map.of("name", "ada", "age", 36, "tags", java.util.List.of("x"))))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.adults")
                .isEqualTo(1)
                .jsonPath("$.users[0].name")
                .isEqualTo("ADA");
        SampleWeb.expect(http.get().uri("/relay/greet?name=Ada"), 200)
                .jsonPath("$.answer")
                .isEqualTo("Hello from Lua, Ada!");
    }

    @Test
    void sleepsInTheGuest() {
        long start = System.nanoTime();
        SampleWeb.expect(http.get().uri("/sleep?ms=100"), 200).json("100");
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(100);
    }

    @Test
    void listsTheReadOnlyMountThroughWasiFilesystem() {
        SampleWeb.expect(http.get().uri("/files?dir=/docs"), 200).json("[\"guide.md\", \"welcome.txt\"]");
        http.get()
                .uri("/files?dir=/etc")
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("cannot list /etc"));
    }

    @Test
    void aComponentAnswersThroughWasiHttp() {
        http.get()
                .uri("/hello/there?x=1")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-served-by", "wasm")
                .expectHeader()
                .contentTypeCompatibleWith("text/plain")
                .expectBody(String.class)
                .isEqualTo("hello from a wasm component: GET /hello/there?x=1\n");
    }

    @Test
    void wasiHttpAnswersEveryOneOfManyConcurrentRequests(
            @org.springframework.boot.test.web.server.LocalServerPort int port) {
        var client = org.springframework.web.reactive.function.client.WebClient.create("http://127.0.0.1:" + port);
        // some clients give up early: the server must neither lose nor wedge an instance
        reactor.core.publisher.Flux.range(0, 200)
                .flatMap(
                        i -> client.get()
                                .uri("/hello/early/" + i)
                                .retrieve()
                                .bodyToMono(String.class)
                                .timeout(java.time.Duration.ofNanos(1))
                                .onErrorResume(e -> reactor.core.publisher.Mono.empty()),
                        64)
                .blockLast(java.time.Duration.ofSeconds(60));
        java.util.List<String> bodies = reactor.core.publisher.Flux.range(0, 2_000)
                .flatMap(i -> client.get().uri("/hello/n/" + i).retrieve().bodyToMono(String.class), 64)
                .collectList()
                .block(java.time.Duration.ofSeconds(120));
        assertThat(bodies).hasSize(2_000).allMatch(b -> b.startsWith("hello from a wasm component: GET /hello/n/"));
    }

    @Test
    void servesAnHttpEndpointEntry() {
        SampleWeb.expect(http.get().uri("/api/add?a=6&b=7"), 200).json("13");
    }

    @Test
    void transformsUsersWithAComponent() {
        http.post()
                .uri("/users/transform")
                .bodyValue(java.util.List.of(
                        java.util.Map.of("name", "ada", "age", 36, "tags", java.util.List.of("math", "code")),
                        java.util.Map.of("name", "tim", "age", 12, "tags", java.util.List.of())))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].name")
                .isEqualTo("ADA")
                .jsonPath("$[0].adult")
                .isEqualTo(true)
                .jsonPath("$[0].tagCount")
                .isEqualTo(2)
                .jsonPath("$[0].firstTag")
                .isEqualTo("math")
                .jsonPath("$[1].adult")
                .isEqualTo(false)
                .jsonPath("$[1].tagCount")
                .isEqualTo(0);
    }

    @Test
    void refusesAUserOfTheWrongShapeWithThePath() {
        http.post()
                .uri("/users/transform")
                .bodyValue(java.util.List.of(java.util.Map.of("name", "ada", "age", -1, "tags", java.util.List.of())))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.kind")
                .isEqualTo("INVALID")
                .jsonPath("$.message")
                .value(m -> assertThat((String) m).contains("users[0].age: value -1 is out of range for u32"));
    }

    @Test
    void showsPoolsOnTheActuator() {
        http.get().uri("/add?a=1&b=2").exchange().expectStatus().isOk();
        SampleWeb.expect(http.get().uri("/actuator/wippy"), 200)
                .jsonPath("$.entries[?(@.id == 'sample.math:add')].pool.type")
                .isEqualTo("static")
                .jsonPath("$.entries[?(@.id == 'sample:answer')].kind")
                .isEqualTo("function.wat")
                .jsonPath("$.guestMemory.usedBytes")
                .value(v -> assertThat(((Number) v).longValue())
                        .as("the static pool's instances")
                        .isPositive())
                .jsonPath("$.guestMemory.limitBytes")
                .value(v -> assertThat(((Number) v).longValue()).isPositive())
                // wippy-maven-plugin compiled every module at process-classes: the boot compiles none
                .jsonPath("$.modules.compiled")
                .isEqualTo(0)
                .jsonPath("$.modules.buildTime")
                .value(n -> assertThat((Integer) n).isPositive());
        SampleWeb.expect(http.get().uri("/actuator/metrics/wippy.function.calls?tag=function:sample.math:add"), 200)
                .jsonPath("$.measurements[0].value")
                .value(v -> assertThat(((Number) v).doubleValue()).isGreaterThanOrEqualTo(1.0));
        SampleWeb.expect(
                        http.get()
                                .uri(
                                        "/actuator/metrics/wippy.pool.instances?tag=function:sample.math:add&tag=state:idle"),
                        200)
                .jsonPath("$.measurements[0].value")
                .isEqualTo(2.0);
        SampleWeb.expect(http.get().uri("/actuator/health"), 200)
                .jsonPath("$.components.wippy.status")
                .isEqualTo("UP");
    }
}
