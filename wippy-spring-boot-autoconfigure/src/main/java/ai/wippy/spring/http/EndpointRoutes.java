package ai.wippy.spring.http;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.http.HttpEndpoint;
import ai.wippy.runtime.RegisteredFunction;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.wit.FunctionSignature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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

    private final WasmRegistry registry;

    public EndpointRoutes(WasmRegistry registry) {
        this.registry = registry;
    }

    /** The routes, or null when the registry has no endpoints (a router bean must not be empty). */
    public RouterFunction<ServerResponse> routes() {
        RouterFunctions.Builder builder = RouterFunctions.route();
        List<HttpEndpoint> endpoints = registry.resources(HttpEndpoint.class);
        for (HttpEndpoint e : endpoints) {
            builder.route(
                    RequestPredicates.method(HttpMethod.valueOf(e.method())).and(RequestPredicates.path(e.path())),
                    request -> handle(e, request));
        }
        return endpoints.isEmpty() ? null : builder.build();
    }

    private Mono<ServerResponse> handle(HttpEndpoint endpoint, ServerRequest request) {
        if (endpoint.transport().equals(HttpEndpoint.WASI_HTTP)) {
            return new WasiHttpExchange(registry, endpoint, this::error).serve(request);
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
        return request.bodyToMono(Object.class)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
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

    private static Map<String, List<String>> pathVariables(ServerRequest request) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        request.pathVariables().forEach((k, v) -> out.put(k, List.of(v)));
        return out;
    }

    private Mono<ServerResponse> error(WippyException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", e.kind().name());
        body.put("message", e.detail());
        body.put("function", e.functionId());
        return ServerResponse.status(status(e.kind()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body);
    }

    /** The HTTP status that answers a failed call of this kind. */
    public static HttpStatus status(ErrorKind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case PERMISSION_DENIED, CAPABILITY_DENIED -> HttpStatus.FORBIDDEN;
            case TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
            case SATURATED -> HttpStatus.SERVICE_UNAVAILABLE;
            case GUEST_ERROR -> HttpStatus.UNPROCESSABLE_CONTENT;
            default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
