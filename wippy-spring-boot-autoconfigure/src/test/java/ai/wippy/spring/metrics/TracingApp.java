package ai.wippy.spring.metrics;

import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.TestSecurity;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A secured WebFlux application that calls the {@code wippy-tracing} functions from a controller
 * (synchronously and reactively) and serves {@code tr:chain} as an {@code http.endpoint}; its spans go
 * to an in-memory OpenTelemetry exporter. bob is in the policy group {@code users}, eve in none.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({TracingApp.Controller.class, TestSecurity.Open.class})
class TracingApp {

    @Bean
    InMemorySpanExporter spanExporter() {
        return InMemorySpanExporter.create();
    }

    @Bean
    MapReactiveUserDetailsService users() {
        return TestSecurity.users("bob:b:USER", "eve:e:GUEST");
    }

    @RestController
    static class Controller {

        private final WasmRegistry registry;

        Controller(WasmRegistry registry) {
            this.registry = registry;
        }

        /** Java -> WASM (relay) -> Lua (hop) -> WASM (add), on the request's thread. */
        @GetMapping("/java")
        Object java() {
            return registry.call("tr:relay", "tr:hop", "[6, 7]");
        }

        /** The same chain on the dispatcher. */
        @GetMapping("/async")
        Mono<Object> async() {
            return registry.callAsync("tr:relay", "tr:hop", "[6, 7]");
        }
    }
}
