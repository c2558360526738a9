package ai.wippy.spring.http;

import ai.wippy.call.WippyException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a failed registry call made from any controller (for example through a
 * {@code @WippyFunction} proxy) with the status of its kind and a JSON body {@code {kind, message,
 * function}}, the same as http.endpoint routes do: a bad argument is a 400 naming the bad part, a
 * saturated pool a 503, a denied call a 403.
 */
@RestControllerAdvice
public class WippyExceptionHandler {

    @ExceptionHandler(WippyException.class)
    public ResponseEntity<Map<String, Object>> handle(WippyException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", e.kind().name());
        body.put("message", e.detail());
        body.put("function", e.functionId());
        return ResponseEntity.status(EndpointRoutes.status(e.kind())).body(body);
    }
}
