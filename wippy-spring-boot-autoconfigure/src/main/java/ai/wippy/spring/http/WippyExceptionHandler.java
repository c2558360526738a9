package ai.wippy.spring.http;

import ai.wippy.call.WippyException;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a failed registry call made from any controller (for example through a
 * {@code @WippyFunction} proxy) with the status of its kind and a JSON body {@code {kind, message,
 * function}}, the same as http.endpoint routes do ({@link WippyErrorResponses}): a bad argument is a
 * 400 naming the bad part, a saturated pool a 503, a denied call a 403; internal errors' messages
 * stay in the log unless {@code wippy.http.include-message=always}.
 */
@RestControllerAdvice
public class WippyExceptionHandler {

    private final WippyErrorResponses responses;

    public WippyExceptionHandler() {
        this(new WippyErrorResponses(WippyHttpProperties.IncludeMessage.CLIENT_ERRORS));
    }

    public WippyExceptionHandler(WippyErrorResponses responses) {
        this.responses = responses;
    }

    @ExceptionHandler(WippyException.class)
    public ResponseEntity<Map<String, Object>> handle(WippyException e) {
        return ResponseEntity.status(WippyErrorResponses.status(e.kind())).body(responses.body(e));
    }
}
