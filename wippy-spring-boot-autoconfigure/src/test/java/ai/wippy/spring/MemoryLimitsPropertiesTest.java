package ai.wippy.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.spi.RuntimeSettings;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code wippy.limits.*} set the ceilings a guest meets, seen from HTTP. */
@WebAppTest(
        value = UnsecuredWebApp.class,
        properties = {
            "wippy.registry.locations=classpath*:wippy-limits/_index.yaml",
            "wippy.limits.max-memory=1MB",
            "wippy.limits.max-lift=1MB",
            "wippy.http.include-message=always", // the trap's message is what this test reads
            "wippy.limits.pool-memory=32MB"
        })
class MemoryLimitsPropertiesTest {

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
        TestWeb.ok(http.get().uri("/grow")).json("16");
    }

    @Test
    void liftingPastTheConfiguredLimitTraps() {
        TestWeb.error(http.get().uri("/lists"), 500, "TRAPPED")
                .jsonPath("$.message")
                .value(m -> assertThat((String) m).contains("past the limit of 1048576 bytes"));
        http.get().uri("/grow").exchange().expectStatus().isOk();
    }
}
