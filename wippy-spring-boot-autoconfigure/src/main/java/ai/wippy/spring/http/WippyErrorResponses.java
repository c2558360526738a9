package ai.wippy.spring.http;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The one mapping of failed calls to HTTP answers, shared by http.endpoint routes and by
 * {@link WippyExceptionHandler} for controllers: the status of each kind, and a JSON body {@code
 * {kind, message, function}} whose message is the error's own only where {@code
 * wippy.http.include-message} allows, and never a stack trace.
 *
 * <table>
 * <caption>kinds and statuses</caption>
 * <tr><th>kind</th><th>status</th><th>message shown by default</th></tr>
 * <tr><td>INVALID</td><td>400</td><td>yes</td></tr>
 * <tr><td>PERMISSION_DENIED</td><td>403</td><td>yes</td></tr>
 * <tr><td>GUEST_ERROR</td><td>422</td><td>yes</td></tr>
 * <tr><td>NOT_FOUND, CAPABILITY_DENIED, TRAPPED, INTERNAL</td><td>500</td><td>no</td></tr>
 * <tr><td>SATURATED, CANCELED</td><td>503</td><td>no</td></tr>
 * <tr><td>TIMEOUT</td><td>504</td><td>no</td></tr>
 * </table>
 *
 * <p>NOT_FOUND is a 500, not a 404: a client never names a function (a route's own function is
 * checked at boot), so a function not found is one the server's code or a guest called, a fault of
 * the application. CAPABILITY_DENIED is likewise the entry's configuration, not the client's rights.
 */
public final class WippyErrorResponses {

    private final WippyHttpProperties.IncludeMessage include;

    public WippyErrorResponses(WippyHttpProperties.IncludeMessage include) {
        this.include = include == null ? WippyHttpProperties.IncludeMessage.CLIENT_ERRORS : include;
    }

    /** The HTTP status that answers a failed call of this kind. */
    public static HttpStatus status(ErrorKind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
            case GUEST_ERROR -> HttpStatus.UNPROCESSABLE_CONTENT;
            case TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
            case SATURATED, CANCELED -> HttpStatus.SERVICE_UNAVAILABLE;
            case NOT_FOUND, CAPABILITY_DENIED, TRAPPED, INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    /** Whether the client is told the error's own message (and function) for this kind. */
    public boolean showsMessage(ErrorKind kind) {
        return switch (include) {
            case ALWAYS -> true;
            case NEVER -> false;
            case CLIENT_ERRORS ->
                kind == ErrorKind.INVALID || kind == ErrorKind.PERMISSION_DENIED || kind == ErrorKind.GUEST_ERROR;
        };
    }

    /** The JSON body answering {@code e}. */
    public Map<String, Object> body(WippyException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", e.kind().name());
        if (showsMessage(e.kind())) {
            body.put("message", withoutStackTrace(e.detail()));
            body.put("function", e.functionId());
        } else {
            body.put("message", genericMessage(e.kind()));
        }
        return body;
    }

    /** What a client is told when the message is not for it. */
    static String genericMessage(ErrorKind kind) {
        return switch (kind) {
            case INVALID -> "the request is not valid";
            case PERMISSION_DENIED -> "the call is not allowed";
            case GUEST_ERROR -> "the function returned an error";
            case TIMEOUT -> "the call took too long and was stopped";
            case SATURATED -> "the server is busy; try again later";
            case CANCELED -> "the call was cancelled";
            case NOT_FOUND, CAPABILITY_DENIED, TRAPPED, INTERNAL -> "the call failed; the server log has the details";
        };
    }

    /** A message up to any stack trace it carries (a Lua traceback, a JVM frame list). */
    static String withoutStackTrace(String message) {
        if (message == null) {
            return "";
        }
        int cut = message.length();
        for (String marker : new String[] {"\nstack traceback:", "\n\tat ", "\nCaused by: "}) {
            int at = message.indexOf(marker);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return message.substring(0, cut).strip();
    }
}
