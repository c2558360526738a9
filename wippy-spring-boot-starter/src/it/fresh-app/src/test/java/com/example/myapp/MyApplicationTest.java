package com.example.myapp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The README's tour, run as a user's own application against the installed starter. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class MyApplicationTest {

    @Autowired
    WebTestClient http;

    @Autowired
    Calculations calculations;

    @Test
    void theProxyAnswersOverHttp() {
        http.get().uri("/mul?a=6&b=7").exchange().expectStatus().isOk().expectBody(Integer.class).isEqualTo(42);
    }

    @Test
    void everyWayOfCallingFromJavaAnswers() {
        assertThat(calculations.examples()).containsExactly(6, 6, 6, 6, 6);
    }

    @Test
    void theActuatorShowsTheEntryAndItsPool() {
        http.get().uri("/mul?a=1&b=1").exchange().expectStatus().isOk();
        http.get()
                .uri("/actuator/wippy")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.entries[0].id")
                .isEqualTo("myapp:compute")
                .jsonPath("$.entries[0].pool.type")
                .isEqualTo("static");
        http.get()
                .uri("/actuator/metrics/wippy.function.calls?tag=function:myapp:compute")
                .exchange()
                .expectStatus()
                .isOk();
    }
}
