package ai.wippy.sample;

import org.springframework.test.web.reactive.server.WebTestClient;

/** The {@link WebTestClient} step the sample's tests share. */
final class SampleWeb {

    private SampleWeb() {}

    /** Sends {@code request}, expects {@code status} and returns the body for the test's own checks. */
    static WebTestClient.BodyContentSpec expect(WebTestClient.RequestHeadersSpec<?> request, int status) {
        return request.exchange().expectStatus().isEqualTo(status).expectBody();
    }
}
