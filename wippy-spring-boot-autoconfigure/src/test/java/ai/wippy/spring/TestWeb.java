package ai.wippy.spring;

import java.time.Duration;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The {@link WebTestClient} steps the application tests share. */
public final class TestWeb {

    private TestWeb() {}

    /** {@code web} waiting up to 30 s for each answer (a boot or a watcher may come first). */
    public static WebTestClient patient(WebTestClient web) {
        return web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** Sends {@code request}, expects 200 OK and returns the body as a string. */
    public static String okBody(WebTestClient.RequestHeadersSpec<?> request) {
        return request.exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }
}
