package ai.wippy.benchmarks;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import java.util.concurrent.Executors;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * B7, driven by {@code benchmarks/b7.sh} with wrk on loopback: the same work served by plain WebFlux
 * handlers (the peers) and by {@code http.endpoint} entries (registry in {@code wippy/b7}): {@code
 * /plain/add} against {@code /wasm/add} (payload transport, a core module), {@code /plain/hello}
 * against {@code /wasm/hello} (wasi-http transport, a component exporting
 * {@code wasi:http/incoming-handler}). {@code /plain/hop} and {@code /plain/hello-hop} answer like
 * {@code /plain/add} and {@code /plain/hello} after a hop to a virtual thread, the response written
 * from there as a route whose work runs on the dispatcher writes it: the floor of such a route.
 */
@SpringBootApplication
public class HttpBenchApplication {

    /** Virtual threads, as the registry's dispatcher uses. */
    private static final Scheduler VIRTUAL =
            Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor());

    public static void main(String[] args) {
        SpringApplication.run(HttpBenchApplication.class, args);
    }

    @Bean
    RouterFunction<ServerResponse> plainRoutes() {
        return RouterFunctions.route(GET("/plain/add"), request -> json(sum(request)))
                .andRoute(
                        GET("/plain/hop"),
                        request -> Mono.fromCallable(() -> sum(request))
                                .subscribeOn(VIRTUAL)
                                .flatMap(HttpBenchApplication::json))
                .andRoute(GET("/plain/hello"), HttpBenchApplication::hello)
                .andRoute(
                        GET("/plain/hello-hop"),
                        request -> Mono.just(request).subscribeOn(VIRTUAL).flatMap(HttpBenchApplication::hello));
    }

    private static Mono<ServerResponse> hello(ServerRequest request) {
        return ServerResponse.ok()
                .contentType(MediaType.TEXT_PLAIN)
                .header("x-served-by", "plain")
                .bodyValue("hello from " + request.path() + "\n");
    }

    private static int sum(ServerRequest request) {
        return Integer.parseInt(request.queryParam("a").orElse("0"))
                + Integer.parseInt(request.queryParam("b").orElse("0"));
    }

    private static Mono<ServerResponse> json(int value) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(value);
    }
}
