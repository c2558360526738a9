package ai.wippy.spring.http;

import ai.wippy.call.WippyException;
import ai.wippy.http.WasiHttpHandler;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Adapts WebFlux to the core's {@code wasi:http/incoming-handler} server ({@link WasiHttpHandler}):
 * the {@link ServerRequest} becomes its request (no body subscription for a message without one), its
 * response a {@link ServerResponse}: a body the guest finished before the response left goes out in
 * one write with a {@code content-length}, any other streams as the guest writes; either is wrapped in
 * the server's buffers, not copied.
 */
final class WasiHttpExchange {

    private final WasiHttpHandler handler;
    private final Function<WippyException, Mono<ServerResponse>> errors;

    WasiHttpExchange(WasiHttpHandler handler, Function<WippyException, Mono<ServerResponse>> errors) {
        this.handler = handler;
        this.errors = errors;
    }

    Mono<ServerResponse> serve(ServerRequest request) {
        return handler.handle(incoming(request))
                .flatMap(WasiHttpExchange::respond)
                .onErrorResume(WippyException.class, errors);
    }

    private static Mono<ServerResponse> respond(WasiHttpHandler.Response response) {
        byte[] whole = response.whole();
        return ServerResponse.status(response.status())
                .headers(h -> {
                    for (Map.Entry<String, String> e : response.headers()) {
                        h.add(e.getKey(), e.getValue());
                    }
                    if (whole != null && hasContent(response.status())) {
                        h.setContentLength(whole.length);
                    }
                })
                .body(whole != null ? wholeBody(whole) : streamedBody(response.stream()));
    }

    /*
     * The body is wrapped by the server's own buffer factory (with Reactor Netty, a Netty buffer over
     * the array): a buffer of another factory would be copied into one on the way out.
     */

    /** A whole body: one write (a {@code Mono}, which the server sends with its length and ends). */
    private static BodyInserter<byte[], ReactiveHttpOutputMessage> wholeBody(byte[] bytes) {
        return (message, context) ->
                message.writeWith(Mono.just(message.bufferFactory().wrap(bytes)));
    }

    /** A streamed body: each chunk as the guest wrote it. */
    private static BodyInserter<byte[], ReactiveHttpOutputMessage> streamedBody(Flux<byte[]> chunks) {
        return (message, context) -> message.writeWith(chunks.map(message.bufferFactory()::wrap));
    }

    /** Whether a response with {@code status} may carry a body and its length (not 1xx, 204, 304). */
    private static boolean hasContent(int status) {
        return status >= 200 && status != 204 && status != 304;
    }

    private static WasiHttpHandler.Request incoming(ServerRequest request) {
        URI uri = request.uri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String pathWithQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        HttpHeaders headers = request.headers().asHttpHeaders();
        String authority = headers.getFirst(HttpHeaders.HOST);
        if (authority == null) {
            authority = uri.getRawAuthority();
        }
        return new WasiHttpHandler.Request(
                request.method().name(),
                pathWithQuery,
                uri.getScheme(),
                authority,
                () -> pairs(headers),
                body(request, headers));
    }

    /**
     * The header pairs, listed when the guest first reads them (on its thread, while the request is in
     * flight: the server does not change a received request's headers).
     */
    private static List<Map.Entry<String, String>> pairs(HttpHeaders headers) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>(headers.size() + 4);
        headers.forEach((name, values) -> {
            for (String v : values) {
                pairs.add(Map.entry(name, v));
            }
        });
        return pairs;
    }

    /**
     * The body's chunks, or null when the message has none: a {@code content-length} of 0, or a GET or
     * HEAD with neither a length nor a transfer coding.
     */
    private static Flux<byte[]> body(ServerRequest request, HttpHeaders headers) {
        long length = headers.getContentLength();
        if (length == 0
                || (length < 0
                        && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)
                        && (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD))) {
            return null;
        }
        return request.bodyToFlux(DataBuffer.class).map(buffer -> {
            byte[] chunk = new byte[buffer.readableByteCount()];
            buffer.read(chunk);
            DataBufferUtils.release(buffer);
            return chunk;
        });
    }
}
