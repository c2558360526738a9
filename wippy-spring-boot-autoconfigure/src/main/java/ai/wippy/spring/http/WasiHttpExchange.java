package ai.wippy.spring.http;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.component.InstanceBorrowing;
import ai.wippy.http.HttpEndpoint;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.value.ResourceHandle;
import ai.wippy.wasi.p2.http.BodyFeed;
import ai.wippy.wasi.p2.http.BodyInput;
import ai.wippy.wasi.p2.http.BodyOutput;
import ai.wippy.wasi.p2.http.Fields;
import ai.wippy.wasi.p2.http.IncomingRequest;
import ai.wippy.wasi.p2.http.OutgoingResponse;
import ai.wippy.wasi.p2.http.ResponseOutparam;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Serves one request with the {@code wasi-http} transport: a pooled instance of the target component
 * is borrowed exactly as for a payload call (same security check, admission, deadline, dispatcher),
 * gets the request as an {@code own<incoming-request>} (its body streamed from WebFlux as the guest
 * reads) and an {@code own<response-outparam>} in its handle table, and runs
 * {@code wasi:http/incoming-handler#handle}. The response starts as soon as the guest sets it; its
 * body streams as the guest writes. A guest that returns without setting a response, answers with an
 * {@code error-code}, or traps gives a 500 (a trap also discards the instance).
 */
final class WasiHttpExchange {

    private final WasmRegistry registry;
    private final HttpEndpoint endpoint;
    private final Function<WippyException, Mono<ServerResponse>> errors;

    WasiHttpExchange(
            WasmRegistry registry, HttpEndpoint endpoint, Function<WippyException, Mono<ServerResponse>> errors) {
        this.registry = registry;
        this.endpoint = endpoint;
        this.errors = errors;
    }

    Mono<ServerResponse> serve(ServerRequest request) {
        String id = endpoint.function();
        BodyInput body = new BodyInput();
        IncomingRequest incoming = incoming(request, body);
        ResponseOutparam outparam = new ResponseOutparam();
        Mono<Object> call = registry.caller()
                .contextReactive()
                .flatMap(ctx -> registry.callAsyncWith(ctx, id, (fn, c) -> {
                    if (!(fn instanceof InstanceBorrowing component)) {
                        throw new WippyException(
                                ErrorKind.INTERNAL,
                                id,
                                "transport wasi-http needs a component exporting wasi:http/incoming-handler; " + id
                                        + " is a " + fn.kind() + " that is not a component");
                    }
                    return component.withInstance(c, (instance, handle) -> {
                        if (handle.signature().params().size() != 2) {
                            throw new WippyException(
                                    ErrorKind.INTERNAL,
                                    id,
                                    "transport wasi-http calls wasi:http/incoming-handler#handle, but method is "
                                            + handle.signature().describe());
                        }
                        ResourceHandle req = instance.resources().own("incoming-request", incoming);
                        ResourceHandle out = instance.resources().own("response-outparam", outparam);
                        handle.call(List.of(req, out));
                        return Boolean.TRUE;
                    });
                }))
                // the guest is done with the request: stop reading a body it left unread
                .doFinally(signal -> body.close());
        return Mono.create(sink -> {
            // the call sees the request's Reactor context (the Spring Security identity lives there)
            Disposable running = call.contextWrite(ctx -> ctx.putAll(sink.contextView()))
                    .subscribe(
                            ignored -> {},
                            failure -> {
                                WippyException e = failure instanceof WippyException w
                                        ? w
                                        : new WippyException(
                                                ErrorKind.INTERNAL, id, "internal error: " + failure, failure);
                                if (!outparam.response().completeExceptionally(e)) {
                                    abortBody(outparam, e);
                                }
                            },
                            () -> {
                                boolean unset = outparam.response()
                                        .completeExceptionally(
                                                new WippyException(
                                                        ErrorKind.INTERNAL,
                                                        id,
                                                        "the component returned from wasi:http/incoming-handler#handle without"
                                                                + " setting a response (response-outparam.set was never called)"));
                                if (!unset) {
                                    abortBody(
                                            outparam,
                                            new IllegalStateException(
                                                    "the component returned without finishing the response body"));
                                }
                            });
            sink.onCancel(running);
            outparam.response().whenComplete((response, failure) -> {
                if (failure != null) {
                    errors.apply(asWippy(id, failure)).subscribe(sink::success, sink::error);
                } else {
                    respond(response, running).subscribe(sink::success, sink::error);
                }
            });
        });
    }

    private static void abortBody(ResponseOutparam outparam, Throwable reason) {
        OutgoingResponse response = outparam.response().getNow(null);
        if (response != null && response.body() != null) {
            response.body().abort(reason);
        }
    }

    private static WippyException asWippy(String id, Throwable failure) {
        Throwable f =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (f instanceof WippyException w) {
            return w;
        }
        if (f instanceof ResponseOutparam.GuestError g) {
            return new WippyException(ErrorKind.INTERNAL, id, g.getMessage());
        }
        return new WippyException(ErrorKind.INTERNAL, id, "internal error: " + f, f);
    }

    private static Mono<ServerResponse> respond(OutgoingResponse response, Disposable running) {
        BodyOutput body = response.body();
        Flux<DataBuffer> data = body == null
                ? Flux.empty()
                : body.flux()
                        .map(bytes -> (DataBuffer) DefaultDataBufferFactory.sharedInstance.wrap(bytes))
                        .doOnCancel(running::dispose);
        return ServerResponse.status(response.status())
                .headers(h -> {
                    for (Map.Entry<String, String> e : response.headers().pairs()) {
                        h.add(e.getKey(), e.getValue());
                    }
                })
                .body(BodyInserters.fromDataBuffers(data));
    }

    private static IncomingRequest incoming(ServerRequest request, BodyInput body) {
        URI uri = request.uri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String pathWithQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        request.headers().asHttpHeaders().forEach((name, values) -> {
            for (String v : values) {
                pairs.add(Map.entry(name, v));
            }
        });
        String authority = request.headers().firstHeader("host");
        if (authority == null) {
            authority = uri.getRawAuthority();
        }
        Flux<byte[]> bytes = request.bodyToFlux(DataBuffer.class).map(buffer -> {
            byte[] chunk = new byte[buffer.readableByteCount()];
            buffer.read(chunk);
            DataBufferUtils.release(buffer);
            return chunk;
        });
        BodyFeed feed = BodyFeed.start(bytes, body, null);
        body.onClose(feed::dispose);
        return new IncomingRequest(
                request.method().name(), pathWithQuery, uri.getScheme(), authority, Fields.received(pairs), body);
    }
}
