package ai.wippy.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.spring.http.WippyHttpProperties.IncludeMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The kind -> status table and what each include-message setting lets through. */
class WippyErrorResponsesTest {

    @Test
    void everyKindHasADeliberateStatus() {
        assertThat(WippyErrorResponses.status(ErrorKind.INVALID)).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(WippyErrorResponses.status(ErrorKind.PERMISSION_DENIED)).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(WippyErrorResponses.status(ErrorKind.GUEST_ERROR)).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(WippyErrorResponses.status(ErrorKind.NOT_FOUND)).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(WippyErrorResponses.status(ErrorKind.CAPABILITY_DENIED)).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(WippyErrorResponses.status(ErrorKind.TRAPPED)).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(WippyErrorResponses.status(ErrorKind.INTERNAL)).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(WippyErrorResponses.status(ErrorKind.SATURATED)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(WippyErrorResponses.status(ErrorKind.CANCELED)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(WippyErrorResponses.status(ErrorKind.TIMEOUT)).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
    }

    private static final WippyException TIMEOUT = new WippyException(
            ErrorKind.TIMEOUT, "app:slow", "execution exceeded max_execution_ms 500 of app:slow and was stopped");

    @Test
    void clientErrorsShowTheirMessageAndTheRestAGenericText() {
        WippyErrorResponses responses = new WippyErrorResponses(IncludeMessage.CLIENT_ERRORS);
        assertThat(responses.body(new WippyException(ErrorKind.INVALID, "app:f", "x: expected string, got number 7")))
                .isEqualTo(
                        Map.of("kind", "INVALID", "message", "x: expected string, got number 7", "function", "app:f"));
        assertThat(responses.body(TIMEOUT))
                .isEqualTo(Map.of("kind", "TIMEOUT", "message", "the call took too long and was stopped"));
    }

    @Test
    void alwaysShowsEveryMessageButNeverAStackTrace() {
        WippyErrorResponses responses = new WippyErrorResponses(IncludeMessage.ALWAYS);
        assertThat(responses.body(TIMEOUT).get("message"))
                .isEqualTo("execution exceeded max_execution_ms 500 of app:slow and was stopped");
        WippyException lua = new WippyException(
                ErrorKind.INTERNAL, "app:lua", "Lua error: boom\nstack traceback:\n\tapp:lua:1: in main chunk");
        assertThat(responses.body(lua).get("message")).isEqualTo("Lua error: boom");
        WippyException java = new WippyException(
                ErrorKind.INTERNAL,
                "app:j",
                "internal error: java.lang.IllegalStateException: x\n\tat a.B.c(B.java:1)");
        assertThat(responses.body(java).get("message")).isEqualTo("internal error: java.lang.IllegalStateException: x");
    }

    @Test
    void neverShowsNoMessageAtAll() {
        WippyErrorResponses responses = new WippyErrorResponses(IncludeMessage.NEVER);
        assertThat(responses.body(new WippyException(ErrorKind.PERMISSION_DENIED, "app:f", "actor 'bob' may not ...")))
                .isEqualTo(Map.of("kind", "PERMISSION_DENIED", "message", "the call is not allowed"));
    }
}
