package ai.wippy.benchmarks;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * B7, driven by {@code benchmarks/b7.sh} with wrk on loopback: the same work served by plain WebFlux
 * handlers (the peers) and by {@code http.endpoint} entries (registry in {@code wippy/b7}): {@code
 * /plain/add} against {@code /wasm/add} (payload transport, a core module), {@code /plain/hello}
 * against {@code /wasm/hello} (wasi-http transport, a component exporting
 * {@code wasi:http/incoming-handler}).
 */
@SpringBootApplication
public class HttpBenchApplication {

    public static void main(String[] args) {
        SpringApplication.run(HttpBenchApplication.class, args);
    }

    @Bean
    RouterFunction<ServerResponse> plainRoutes() {
        return RouterFunctions.route(GET("/plain/add"), request -> {
                    int a = Integer.parseInt(request.queryParam("a").orElse("0"));
                    int b = Integer.parseInt(request.queryParam("b").orElse("0"));
                    return ServerResponse.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(String.valueOf(a + b));
                })
                .andRoute(
                        GET("/plain/hello"),
                        request -> ServerResponse.ok()
                                .contentType(MediaType.TEXT_PLAIN)
                                .header("x-served-by", "plain")
                                .bodyValue("hello from " + request.path() + "\n"));
    }
}
