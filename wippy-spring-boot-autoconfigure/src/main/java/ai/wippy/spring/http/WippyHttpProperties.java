package ai.wippy.spring.http;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How HTTP routes and controllers answer failed calls, under {@code wippy.http.*}.
 *
 * @param includeMessage Which error bodies carry the error's message (and the function ID):
 *     client-errors (INVALID, PERMISSION_DENIED, GUEST_ERROR; the others get a generic text), always, or
 *     never. Stack traces never reach a body; they are in the log.
 * @param maxBodySize The largest request body a payload http.endpoint reads; a larger one is answered
 *     413.
 */
@ConfigurationProperties("wippy.http")
public record WippyHttpProperties(
        @DefaultValue("client-errors") IncludeMessage includeMessage,
        @DefaultValue("1MB") DataSize maxBodySize) {

    /** Which error messages reach HTTP clients. */
    public enum IncludeMessage {
        /** Messages of errors the client can act on: INVALID, PERMISSION_DENIED, GUEST_ERROR. */
        CLIENT_ERRORS,
        /** Every message (still without stack traces): for development. */
        ALWAYS,
        /** No message: every error body says only its kind and a generic text. */
        NEVER
    }
}
