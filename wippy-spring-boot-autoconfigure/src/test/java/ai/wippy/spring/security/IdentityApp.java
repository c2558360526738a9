package ai.wippy.spring.security;

import ai.wippy.call.WippyException;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.TestSecurity;
import ai.wippy.spring.WebAppTest;
import ai.wippy.spring.WippyFunction;
import ai.wippy.spring.WippyFunctionBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * A WebFlux application secured with Spring Security (alice is an admin, bob a user, anyone may come
 * in anonymously) that calls the functions of {@code wippy-identity} in every way the README's
 * Security section lists, from an annotated controller, a functional handler, an {@code @Async}
 * method and an {@code @Scheduled} one.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAsync
@EnableScheduling
@Import({
    TestSecurity.Open.class,
    TestSecurity.AliceAndBob.class,
    IdentityApp.Ways.class,
    IdentityApp.Controller.class,
    IdentityApp.Background.class,
    IdentityApp.Nightly.class
})
class IdentityApp {

    /**
     * A test of this application: its registry, alice's and bob's groups, and a system actor with every
     * right (group ops) for what runs outside any request.
     */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @WebAppTest(
            value = IdentityApp.class,
            properties = {
                "wippy.registry.locations=classpath*:wippy-identity/_index.yaml",
                "wippy.security.system-actor=scheduler",
                "wippy.security.system-groups=ops"
            })
    @TestSecurity.AdminsAndUsers
    @interface WebTest {}

    static final String[] WAYS = {"sync", "mono", "future", "call", "callAsync", "bean", "beanAsync", "async", "chain"};

    interface SyncFn {
        Object f();
    }

    interface MonoFn {
        Mono<Object> f();
    }

    interface FutureFn {
        CompletableFuture<Object> f();
    }

    /** The same calls from a functional handler; a failed call answers like the controllers' advice does. */
    @Bean
    RouterFunction<ServerResponse> functional(Ways ways) {
        return RouterFunctions.route()
                .GET("/f/{way}/{fn}", request -> {
                    try {
                        Object result = ways.run(request.pathVariable("way"), request.pathVariable("fn"));
                        Mono<Object> body = result instanceof Mono<?> m
                                ? m.cast(Object.class)
                                : result instanceof CompletableFuture<?> f ? Mono.fromFuture(f) : Mono.just(result);
                        return body.flatMap(b -> ServerResponse.ok().bodyValue(b))
                                .onErrorResume(WippyException.class, IdentityApp::denied);
                    } catch (WippyException e) {
                        return denied(e);
                    }
                })
                .build();
    }

    private static Mono<ServerResponse> denied(WippyException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", e.kind().name());
        body.put("message", e.detail());
        return ServerResponse.status(HttpStatus.FORBIDDEN).bodyValue(body);
    }

    /** Each way of calling a function, by name. */
    @Component
    static class Ways {
        @WippyFunction("ident:hello")
        SyncFn helloSync;

        @WippyFunction("ident:payroll")
        SyncFn payrollSync;

        @WippyFunction("ident:whoami")
        SyncFn whoamiSync;

        @WippyFunction("ident:hello")
        MonoFn helloMono;

        @WippyFunction("ident:payroll")
        MonoFn payrollMono;

        @WippyFunction("ident:whoami")
        MonoFn whoamiMono;

        @WippyFunction("ident:hello")
        FutureFn helloFuture;

        @WippyFunction("ident:payroll")
        FutureFn payrollFuture;

        @WippyFunction("ident:whoami")
        FutureFn whoamiFuture;

        @Autowired
        WasmRegistry registry;

        @Autowired
        ApplicationContext context;

        @Autowired
        Background background;

        Object run(String way, String fn) {
            String id = "ident:" + fn;
            return switch (way) {
                case "sync" ->
                    value(pick(fn, helloSync, payrollSync, whoamiSync).f());
                case "mono" -> pick(fn, helloMono, payrollMono, whoamiMono).f().map(Ways::value);
                case "future" ->
                    pick(fn, helloFuture, payrollFuture, whoamiFuture).f().thenApply(Ways::value);
                case "call" -> value(registry.call(id));
                case "callAsync" -> registry.callAsync(id).map(Ways::value);
                case "bean" ->
                    value(context.getBean(id, WippyFunctionBean.class).call());
                case "beanAsync" ->
                    context.getBean(id, WippyFunctionBean.class).callAsync().map(Ways::value);
                case "async" -> background.call(id).thenApply(Ways::value);
                // a synchronous call made after an asynchronous one, on the thread that finished it
                case "chain" -> registry.callAsync("ident:hello").map(first -> value(registry.call(id)));
                default -> throw new IllegalArgumentException("no way " + way);
            };
        }

        private static <T> T pick(String fn, T hello, T payroll, T whoami) {
            return switch (fn) {
                case "hello" -> hello;
                case "payroll" -> payroll;
                case "whoami" -> whoami;
                default -> throw new IllegalArgumentException("no function " + fn);
            };
        }

        private static Map<String, Object> value(Object v) {
            return Map.of("value", v);
        }
    }

    @RestController
    static class Controller {
        private final Ways ways;

        Controller(Ways ways) {
            this.ways = ways;
        }

        @GetMapping("/a/{way}/{fn}")
        Object annotated(@PathVariable String way, @PathVariable String fn) {
            return ways.run(way, fn);
        }
    }

    /** An {@code @Async} method started from a request. */
    @Component
    static class Background {
        @Autowired
        WasmRegistry registry;

        @Async
        public CompletableFuture<Object> call(String id) {
            return CompletableFuture.completedFuture(registry.call(id));
        }
    }

    /** A scheduled job: outside any request, so the system actor. */
    @Component
    static class Nightly {
        final CompletableFuture<Map<String, Object>> seen = new CompletableFuture<>();

        @Autowired
        WasmRegistry registry;

        @Scheduled(initialDelay = 0, fixedDelay = 1, timeUnit = TimeUnit.HOURS)
        void run() {
            try {
                seen.complete(
                        Map.of("whoami", registry.call("ident:whoami"), "payroll", registry.call("ident:payroll")));
            } catch (RuntimeException e) {
                seen.completeExceptionally(e);
            }
        }
    }
}
