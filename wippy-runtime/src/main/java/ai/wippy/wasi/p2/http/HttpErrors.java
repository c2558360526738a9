package ai.wippy.wasi.p2.http;

import ai.wippy.value.VariantValue;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The {@code error-code} variants the hosts answer with, and how a failure of the Java HTTP stack
 * (a refused connection, an unknown host, a timeout) maps to one.
 */
public final class HttpErrors {

    private HttpErrors() {}

    /**
     * What an {@code io-error} carries as its cause when an HTTP body stream fails, so that
     * {@code http-error-code} can recover the error code.
     */
    public record HttpError(VariantValue code) {}

    public static VariantValue code(String name) {
        return new VariantValue(name, null);
    }

    public static VariantValue internal(String message) {
        return new VariantValue("internal-error", message);
    }

    /** The error code of a failed exchange. */
    public static VariantValue of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String type = t.getClass().getName();
            if (t instanceof UnknownHostException) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("rcode", t.getMessage());
                payload.put("info-code", null);
                return new VariantValue("DNS-error", payload);
            }
            if (type.equals("io.netty.channel.ConnectTimeoutException")) {
                return code("connection-timeout");
            }
            if (t instanceof NoRouteToHostException) {
                return code("destination-unavailable");
            }
            if (t instanceof ConnectException) {
                return code("connection-refused");
            }
            if (type.equals("io.netty.handler.timeout.ReadTimeoutException") || t instanceof TimeoutException) {
                return code("HTTP-response-timeout");
            }
            if (type.equals("reactor.netty.http.client.PrematureCloseException")) {
                return code("HTTP-response-incomplete");
            }
            if (t instanceof SSLException) {
                return code("TLS-protocol-error");
            }
            if (type.startsWith("io.netty.handler.codec.")) {
                return code("HTTP-protocol-error");
            }
        }
        return internal(String.valueOf(failure));
    }
}
