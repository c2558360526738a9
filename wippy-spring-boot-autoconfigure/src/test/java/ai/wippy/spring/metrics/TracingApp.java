package ai.wippy.spring.metrics;

import ai.wippy.runtime.WasmRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
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
@Import(TracingApp.Controller.class)
class TracingApp {

    @Bean
    InMemorySpanExporter spanExporter() {
        return InMemorySpanExporter.create();
    }

    @Bean
    MapReactiveUserDetailsService users() {
        return new MapReactiveUserDetailsService(
                User.withUsername("bob").password("{noop}b").roles("USER").build(),
                User.withUsername("eve").password("{noop}e").roles("GUEST").build());
    }

    @Bean
    SecurityWebFilterChain chain(ServerHttpSecurity http) {
        return http.authorizeExchange(e -> e.anyExchange().permitAll())
                .httpBasic(Customizer.withDefaults())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
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
