package ai.wippy.spring.http;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.http.HttpEndpoint;
import ai.wippy.http.WasiHttpHandler;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.RegisteredFunction;
import ai.wippy.wit.FunctionSignature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Builds one route per {@code http.endpoint}. A payload call runs through {@code
 * caller().callAsync}, so it carries the request's reactive identity, and a client that disconnects
 * disposes the call, which stops the guest. A {@code wasi-http} function is a component whose
 * {@code wasi:http/incoming-handler#handle} gets the request itself ({@link WasiHttpExchange}).
 */
public final class EndpointRoutes {

    private static final Logger LOG = LoggerFactory.getLogger("wippy.http");

    /** Reads payload bodies: plain JSON values (maps, lists, numbers, strings), nothing after them. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final WasmRegistry registry;
    private final WippyErrorResponses responses;
    private final long maxBodyBytes;
    private final ActorRequests actors;

    /**
     * Sends a request to the actor of a {@code process.service} and completes with its first reply,
     * under the caller's identity (checked as {@code process.send} on the actor's PID).
     */
    @FunctionalInterface
    public interface ActorRequests {
        Mono<ai.wippy.actor.Message> request(
                String service, String topic, List<ai.wippy.actor.Payload> payloads, java.time.Duration timeout);
    }

    /**
     * @param responses how failures are answered
     * @param maxBodyBytes the largest payload body read; a larger one is answered 413
     * @param actors sends to actors, for endpoints with {@code process} (null: those answer 503)
     */
    public EndpointRoutes(
            WasmRegistry registry, WippyErrorResponses responses, long maxBodyBytes, ActorRequests actors) {
        this.registry = registry;
        this.responses = responses;
        this.maxBodyBytes = maxBodyBytes;
        this.actors = actors;
    }

    /** A request refused before any call, with a status of its own (413, 415) or its kind's. */
    static final class RejectedRequest extends WippyException {
        private final HttpStatus status;

        RejectedRequest(HttpStatus status, String function, String message) {
            super(ErrorKind.INVALID, function, message);
            this.status = status;
        }
    }

    /** The routes of one version of the registry, built when a request first meets that version. */
    private record Routes(ai.wippy.registry.Registry version, RouterFunction<ServerResponse> router) {}

    private volatile Routes current;

    /**
     * The routes of the {@code http.endpoint} entries, following the registry: a change applied while
     * running ({@link WasmRegistry#apply}) adds, changes and removes routes from the next request on;
     * a request that matched finishes on the version it started with.
     */
    public RouterFunction<ServerResponse> routes() {
        return request -> current().route(request);
    }

    private RouterFunction<ServerResponse> current() {
        ai.wippy.registry.Registry version = registry.registry();
        Routes r = current;
        if (r == null || r.version() != version) {
            r = new Routes(version, build());
            current = r;
        }
        return r.router();
    }

    private RouterFunction<ServerResponse> build() {
        List<HttpEndpoint> endpoints = registry.resources(HttpEndpoint.class);
        if (endpoints.isEmpty()) {
            return request -> Mono.empty();
        }
        RouterFunctions.Builder builder = RouterFunctions.route();
        for (HttpEndpoint e : endpoints) {
            HandlerFunction<ServerResponse> handler;
            if (e.transport().equals(HttpEndpoint.WASI_HTTP) && handlesRequests(e.function())) {
                // built once per registry version: the route runs the core's incoming-handler server
                handler = new WasiHttpExchange(new WasiHttpHandler(registry, e.function()), this::error)::serve;
            } else {
                handler = request -> handle(e, request);
            }
            builder.route(
                    RequestPredicates.method(HttpMethod.valueOf(e.method())).and(RequestPredicates.path(e.path())),
                    handler);
        }
        return builder.build();
    }

    private Mono<ServerResponse> handle(HttpEndpoint endpoint, ServerRequest request) {
        if (endpoint.transport().equals(HttpEndpoint.ACTOR)) {
            return toActor(endpoint, request);
        }
        if (endpoint.transport().equals(HttpEndpoint.WASI_HTTP)) {
            // a wasi:http/incoming-handler export has its own route (build); any other export takes the body
            return bodyAsArgument(endpoint, request);
        }
        if (!endpoint.transport().equals(HttpEndpoint.PAYLOAD)) {
            return error(new WippyException(
                    ErrorKind.INTERNAL,
                    endpoint.function(),
                    "transport " + endpoint.transport() + " is not one of payload, wasi-http"));
        }
        FunctionSignature signature = registry.function(endpoint.function())
                .map(RegisteredFunction::signature)
                .orElse(null);
        Map<String, List<String>> query = new LinkedHashMap<>(request.queryParams());
        query.putAll(pathVariables(request));
        return readBody(endpoint.function(), request)
                .flatMap(body -> Mono.defer(() -> {
                    List<Object> args = PayloadArguments.from(endpoint.function(), signature, body.orElse(null), query);
                    return registry.caller().callAsync(endpoint.function(), args.toArray());
                }))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(result -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(result.isPresent() ? result.get() : "null"))
                .onErrorResume(WippyException.class, this::error);
    }

    /**
     * An endpoint answered by an actor: the request body (none, JSON, text or bytes by its content
     * type) is the payload of a message with the endpoint's topic, sent to the service's actor under
     * the caller's identity; the actor's first message back is the response: its first payload as the
     * body (JSON as {@code application/json}, text as {@code text/plain}, bytes as {@code
     * application/octet-stream}), none as 204. No reply within the endpoint's timeout is 504.
     */
    private Mono<ServerResponse> toActor(HttpEndpoint endpoint, ServerRequest request) {
        if (actors == null) {
            return error(new WippyException(
                    ErrorKind.CANCELED, endpoint.process(), "actors are not available in this application"));
        }
        MediaType type = request.headers().contentType().orElse(MediaType.APPLICATION_OCTET_STREAM);
        return org.springframework.core.io.buffer.DataBufferUtils.join(
                        request.bodyToFlux(org.springframework.core.io.buffer.DataBuffer.class),
                        (int) Math.min(Integer.MAX_VALUE, maxBodyBytes))
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    org.springframework.core.io.buffer.DataBufferUtils.release(buffer);
                    return bytes;
                })
                .onErrorMap(
                        org.springframework.core.io.buffer.DataBufferLimitException.class,
                        e -> new RejectedRequest(
                                HttpStatus.CONTENT_TOO_LARGE,
                                endpoint.process(),
                                "the request body is larger than " + maxBodyBytes + " bytes"))
                .map(bytes -> payloads(bytes, type))
                .defaultIfEmpty(List.of())
                .flatMap(payloads -> actors.request(endpoint.process(), endpoint.topic(), payloads, endpoint.timeout()))
                .flatMap(reply -> {
                    if (reply.payloads().isEmpty()) {
                        return ServerResponse.noContent().build();
                    }
                    return switch (reply.payloads().get(0)) {
                        case ai.wippy.actor.Payload.Json j ->
                            ServerResponse.ok()
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .bodyValue(j.json());
                        case ai.wippy.actor.Payload.Text t ->
                            ServerResponse.ok()
                                    .contentType(MediaType.TEXT_PLAIN)
                                    .bodyValue(t.text());
                        case ai.wippy.actor.Payload.Bytes b ->
                            ServerResponse.ok()
                                    .contentType(MediaType.APPLICATION_OCTET_STREAM)
                                    .bodyValue(b.data());
                    };
                })
                .onErrorResume(WippyException.class, this::error);
    }

    private static List<ai.wippy.actor.Payload> payloads(byte[] body, MediaType type) {
        if (body.length == 0) {
            return List.of();
        }
        if (MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
            return List.of(ai.wippy.actor.Payload.json(new String(body, java.nio.charset.StandardCharsets.UTF_8)));
        }
        if ("text".equals(type.getType())) {
            return List.of(ai.wippy.actor.Payload.text(new String(body, java.nio.charset.StandardCharsets.UTF_8)));
        }
        return List.of(ai.wippy.actor.Payload.bytes(body));
    }

    /** Whether the function is {@code wasi:http/incoming-handler#handle} (or names it, without the package). */
    private boolean handlesRequests(String function) {
        String method =
                registry.function(function).map(f -> f.entry().string("method")).orElse("");
        return method != null && method.contains("incoming-handler");
    }

    /**
     * Wippy's {@code wasi-http} transport for an ordinary export (such as {@code greet: func(name:
     * string) -> string}): the request body, as text, is the one argument (none for an empty body),
     * and the result is the response: a string as {@code text/plain}, bytes as {@code
     * application/octet-stream}, nothing as 204, anything else as JSON.
     */
    private Mono<ServerResponse> bodyAsArgument(HttpEndpoint endpoint, ServerRequest request) {
        String function = endpoint.function();
        return bodyBytes(function, request)
                .defaultIfEmpty(new byte[0])
                .flatMap(bytes -> {
                    Object[] args = bytes.length == 0
                            ? new Object[0]
                            : new Object[] {new String(bytes, java.nio.charset.StandardCharsets.UTF_8)};
                    return registry.caller()
                            .callAsync(function, args)
                            .map(Optional::of)
                            .defaultIfEmpty(Optional.empty());
                })
                .flatMap(result -> {
                    Object v = result.orElse(null);
                    if (v == null) {
                        return ServerResponse.noContent().build();
                    }
                    if (v instanceof String text) {
                        return ServerResponse.ok()
                                .contentType(
                                        new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8))
                                .bodyValue(text);
                    }
                    if (v instanceof byte[] raw) {
                        return ServerResponse.ok()
                                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                                .bodyValue(raw);
                    }
                    return ServerResponse.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(v);
                })
                .onErrorResume(WippyException.class, this::error);
    }

    private static Map<String, List<String>> pathVariables(ServerRequest request) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        request.pathVariables().forEach((k, v) -> out.put(k, List.of(v)));
        return out;
    }

    /** The body as a JSON value, or empty without one (or with JSON null); too large, refused as {@link #bodyBytes} says. */
    private Mono<Optional<Object>> readBody(String function, ServerRequest request) {
        MediaType type = request.headers().contentType().orElse(null);
        return bodyBytes(function, request)
                .filter(bytes -> bytes.length > 0)
                .map(bytes -> Optional.ofNullable(parse(function, type, bytes))) // JSON null: as no body
                .defaultIfEmpty(Optional.empty());
    }

    /**
     * The body's bytes, empty without a body. A body over {@link #maxBodyBytes} is refused with 413
     * before the call: at once when its Content-Length says so, otherwise as soon as that much has
     * arrived (never buffering more).
     */
    private Mono<byte[]> bodyBytes(String function, ServerRequest request) {
        long declared = request.headers().contentLength().orElse(-1L);
        if (declared > maxBodyBytes) {
            return Mono.error(tooLarge(function, declared));
        }
        int limit = (int) Math.min(maxBodyBytes, Integer.MAX_VALUE - 8);
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), limit)
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge(function, -1L))
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                });
    }

    private RejectedRequest tooLarge(String function, long declared) {
        String size = declared >= 0 ? "of " + declared + " bytes " : "";
        return new RejectedRequest(
                HttpStatus.CONTENT_TOO_LARGE,
                function,
                "the request body " + size + "is larger than the limit of " + maxBodyBytes
                        + " bytes (wippy.http.max-body-size)");
    }

    private static Object parse(String function, MediaType type, byte[] bytes) {
        if (type != null
                && !type.isCompatibleWith(MediaType.APPLICATION_JSON)
                && !"json".equals(type.getSubtypeSuffix())) {
            throw new RejectedRequest(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE, function, "a payload endpoint takes a JSON body, not " + type);
        }
        try {
            return JSON.readValue(bytes, Object.class);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new RejectedRequest(
                    HttpStatus.BAD_REQUEST,
                    function,
                    "the request body is not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new RejectedRequest(HttpStatus.BAD_REQUEST, function, "the request body cannot be read: " + e);
        }
    }

    private Mono<ServerResponse> error(WippyException e) {
        HttpStatus status = e instanceof RejectedRequest r ? r.status : WippyErrorResponses.status(e.kind());
        if (e instanceof RejectedRequest && LOG.isDebugEnabled()) {
            LOG.debug("request refused with {}: function={}: {}", status.value(), e.functionId(), e.detail());
        }
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(responses.body(e));
    }

    /** The HTTP status that answers a failed call of this kind ({@link WippyErrorResponses#status}). */
    public static HttpStatus status(ErrorKind kind) {
        return WippyErrorResponses.status(kind);
    }
}
