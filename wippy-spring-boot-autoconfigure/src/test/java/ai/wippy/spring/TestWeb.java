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

    /** Sends {@code request}, expects 200 OK and returns the body for the test's own checks. */
    public static WebTestClient.BodyContentSpec ok(WebTestClient.RequestHeadersSpec<?> request) {
        return request.exchange().expectStatus().isOk().expectBody();
    }

    /** Sends {@code request}, expects 200 OK and a JSON body whose {@code $.value} is {@code value}. */
    public static void okValue(WebTestClient.RequestHeadersSpec<?> request, Object value) {
        ok(request).jsonPath("$.value").isEqualTo(value);
    }

    /**
     * Sends {@code request}, expects {@code status} and an error body of {@code kind}; the body is
     * returned for the test's own checks.
     */
    public static WebTestClient.BodyContentSpec error(
            WebTestClient.RequestHeadersSpec<?> request, int status, String kind) {
        return request.exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody()
                .jsonPath("$.kind")
                .isEqualTo(kind);
    }

    /** Sends {@code request}, expects 403 PERMISSION_DENIED with {@code message}. */
    public static void denied(WebTestClient.RequestHeadersSpec<?> request, String message) {
        error(request, 403, "PERMISSION_DENIED").jsonPath("$.message").isEqualTo(message);
    }
}
