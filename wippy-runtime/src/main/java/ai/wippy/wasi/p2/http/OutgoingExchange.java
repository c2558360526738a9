package ai.wippy.wasi.p2.http;

import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wasi.WasiSettings;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

/**
 * Sends one {@code outgoing-request} with Reactor Netty's {@link HttpClient} without blocking the
 * guest: {@link #start} checks the target against the entry's {@code wasi.allowed_hosts} and returns
 * a {@link FutureIncomingResponse} at once; the response head completes it on a Netty thread and the
 * body streams into a {@link BodyInput} as the guest reads it.
 *
 * <p>Each exchange holds one of the instance's {@link ai.wippy.wasi.p2.IoBudget} sockets until it
 * ends (a request beyond {@code max_open_sockets} fails with {@code connection-limit-reached}), and
 * a connect or response the request's options do not bound waits at most the budget's timeout.
 */
final class OutgoingExchange {

    private static final Logger LOG = LoggerFactory.getLogger(OutgoingExchange.class);

    /** Shares Reactor Netty's global connection pool and event loops. */
    private static final HttpClient CLIENT = HttpClient.create();

    private OutgoingExchange() {}

    /** {@code result<future-incoming-response, error-code>} with the future as a host object. */
    static ResultValue start(WasiSettings settings, OutgoingRequest request, RequestOptions options) {
        return start(settings, request, options, ai.wippy.wasi.p2.IoBudget.unbounded(settings.entryId()));
    }

    static ResultValue start(
            WasiSettings settings, OutgoingRequest request, RequestOptions options, ai.wippy.wasi.p2.IoBudget budget) {
        VariantValue schemeVariant = request.scheme() == null ? new VariantValue("HTTP", null) : request.scheme();
        String scheme = HttpValues.schemeName(schemeVariant).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return ResultValue.err(HttpErrors.code("HTTP-request-URI-invalid"));
        }
        if (request.authority() == null) {
            return ResultValue.err(HttpErrors.code("HTTP-request-URI-invalid"));
        }
        String path = request.pathWithQuery() == null ? "/" : request.pathWithQuery();
        URI uri;
        try {
            uri = new URI(scheme + "://" + request.authority() + (path.startsWith("/") ? path : "/" + path));
        } catch (java.net.URISyntaxException e) {
            return ResultValue.err(HttpErrors.code("HTTP-request-URI-invalid"));
        }
        if (uri.getHost() == null) {
            return ResultValue.err(HttpErrors.code("HTTP-request-URI-invalid"));
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (!settings.allowsHost(uri.getHost(), port)) {
            LOG.warn(
                    "{}: wasi:http request to {}:{} denied: the host is not in wasi.allowed_hosts",
                    settings.entryId(),
                    uri.getHost(),
                    port);
            return ResultValue.err(HttpErrors.code("HTTP-request-denied"));
        }
        String url = uri.toString();
        if (!settings.permits(ai.wippy.security.NetworkAccess.HTTP_REQUEST, url)) {
            return ResultValue.err(HttpErrors.code("HTTP-request-denied"));
        }
        String privateAddress = privateTarget(uri.getHost());
        if (privateAddress != null
                && !settings.permits(ai.wippy.security.NetworkAccess.HTTP_PRIVATE_IP, privateAddress)) {
            return ResultValue.err(HttpErrors.code("HTTP-request-denied"));
        }
        ai.wippy.wasi.p2.IoBudget.Lease lease = budget.openSocket("an outgoing HTTP connection to " + uri.getHost());
        if (lease == null) {
            return ResultValue.err(HttpErrors.code("connection-limit-reached"));
        }
        FutureIncomingResponse future = new FutureIncomingResponse();
        BodyInput body = new BodyInput();
        Flux<byte[]> exchange = client(request, options, budget.timeout())
                .request(HttpMethod.valueOf(HttpValues.methodName(request.method())))
                .uri(uri)
                .send(
                        request.body() == null
                                ? Flux.empty()
                                : request.body().flux().map(Unpooled::wrappedBuffer))
                .responseConnection((response, connection) -> {
                    // the pairs as strings now, on the connection's thread: the guest reads them later
                    List<Map.Entry<String, String>> pairs = new ArrayList<>();
                    response.responseHeaders().forEach(e -> pairs.add(Map.entry(e.getKey(), e.getValue())));
                    Fields headers = Fields.received(pairs);
                    future.succeed(new IncomingResponse(response.status().code(), headers, body));
                    return connection.inbound().receive().asByteArray();
                })
                .doFinally(signal -> lease.release());
        String host = uri.getHost();
        BodyFeed feed = BodyFeed.start(exchange, body, failure -> {
            if (HttpErrors.of(failure).caseName().endsWith("timeout")) {
                budget.timedOut("HTTP exchange with " + host);
            }
            if (!future.isDone()) {
                future.fail(HttpErrors.of(failure));
            } else {
                BodyFeed.failStream(body, failure);
            }
        });
        body.onClose(feed::dispose);
        future.onCancel(feed::dispose);
        return ResultValue.ok(future);
    }

    /**
     * The private address {@code host} is or resolves to, or null; a name that does not resolve is
     * not private (the exchange then fails with {@code DNS-error}).
     */
    static String privateTarget(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            for (java.net.InetAddress a : java.net.InetAddress.getAllByName(h)) {
                if (ai.wippy.security.NetworkAccess.isPrivate(a)) {
                    return a.getHostAddress();
                }
            }
            return null;
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    private static HttpClient client(OutgoingRequest request, RequestOptions options, Duration bound) {
        HttpClient client = CLIENT.headers(h -> {
            for (Map.Entry<String, String> e : request.headers().pairs()) {
                if (!e.getKey().equals("host")) {
                    h.add(e.getKey(), e.getValue());
                }
            }
        });
        Long connect = options == null ? null : options.connectTimeout;
        Long read = options == null ? null : options.firstByteTimeout;
        Long between = options == null ? null : options.betweenBytesTimeout;
        if (between != null && (read == null || between < read)) {
            read = between;
        }
        if (bound != null) {
            connect = connect == null ? bound.toNanos() : connect;
            read = read == null ? bound.toNanos() : read;
        }
        if (connect != null) {
            long ms = Math.max(1, connect / 1_000_000);
            client = client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, ms));
        }
        if (read != null) {
            client = client.responseTimeout(Duration.ofNanos(read));
        }
        return client;
    }
}
