package ai.wippy.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.spi.RuntimeSettings;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code wippy.limits.*} set the ceilings a guest meets, seen from HTTP. */
@SpringBootTest(
        classes = MemoryLimitsPropertiesTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "wippy.registry.locations=classpath*:wippy-limits/_index.yaml",
            "wippy.limits.max-memory=1MB",
            "wippy.limits.max-lift=1MB",
            "wippy.http.include-message=always", // the trap's message is what this test reads
            "wippy.limits.pool-memory=32MB"
        })
@AutoConfigureWebTestClient
class MemoryLimitsPropertiesTest {

    // no component scan: the other test applications of this package's subpackages stay out
    @org.springframework.boot.SpringBootConfiguration
    @org.springframework.boot.autoconfigure.EnableAutoConfiguration
    static class App {
        @org.springframework.context.annotation.Bean
        org.springframework.security.web.server.SecurityWebFilterChain open(
                org.springframework.security.config.web.server.ServerHttpSecurity http) {
            return http.authorizeExchange(e -> e.anyExchange().permitAll()).build();
        }
    }

    @Autowired
    WebTestClient http;

    @Autowired
    RuntimeSettings settings;

    @Test
    void thePropertiesReachTheRuntime() {
        assertThat(settings.memory().maxMemoryBytes()).isEqualTo(1L << 20);
        assertThat(settings.memory().maxLiftBytes()).isEqualTo(1L << 20);
        assertThat(settings.memory().poolMemoryBytes()).isEqualTo(32L << 20);
    }

    @Test
    void aGrowingGuestStopsAtTheConfiguredCeiling() {
        http.get().uri("/grow").exchange().expectStatus().isOk().expectBody().json("16");
    }

    @Test
    void liftingPastTheConfiguredLimitTraps() {
        http.get()
                .uri("/lists")
                .exchange()
                .expectStatus()
                .isEqualTo(500)
                .expectBody()
                .jsonPath("$.kind")
                .isEqualTo("TRAPPED")
                .jsonPath("$.message")
                .value(m -> assertThat((String) m).contains("past the limit of 1048576 bytes"));
        http.get().uri("/grow").exchange().expectStatus().isOk();
    }
}
