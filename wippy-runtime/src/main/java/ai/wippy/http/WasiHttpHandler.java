package ai.wippy.http;

import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.call.WouldWait;
import ai.wippy.component.InstanceBorrowing;
import ai.wippy.spi.FunctionCaller;
import ai.wippy.spi.RunningRegistry;
import ai.wippy.value.ResourceHandle;
import ai.wippy.wasi.p2.Waiting;
import ai.wippy.wasi.p2.http.BodyFeed;
import ai.wippy.wasi.p2.http.BodyInput;
import ai.wippy.wasi.p2.http.BodyOutput;
import ai.wippy.wasi.p2.http.Fields;
import ai.wippy.wasi.p2.http.IncomingRequest;
import ai.wippy.wasi.p2.http.OutgoingResponse;
import ai.wippy.wasi.p2.http.ResponseOutparam;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The server side of {@code wasi:http/incoming-handler}, framework-free: a web layer hands it what
 * it received ({@link Request}) and sends the {@link Response} it answers. A pooled instance of the
 * target component is borrowed exactly as for a payload call (same security check, admission,
 * deadline, dispatcher; the caller's identity comes from the Reactor context), gets the request as an
 * {@code own<incoming-request>} (its body fed from the network as the guest reads) and an
 * {@code own<response-outparam>}, and runs {@code handle}.
 *
 * <p>When the response leaves: the guest's {@code response-outparam.set} only records it; the
 * response is sent, once, at the first of: the guest finishes the body (the whole body then leaves
 * in one write with a {@code content-length}, {@link Response#whole()}), the guest is about to wait
 * for something (a timer, the request body, the network taking what it wrote: the body then
 * streams, {@link Response#stream()}), or {@code handle} returns. A guest that returns without
 * setting a response, answers with an {@code error-code}, or traps before the response left fails
 * the {@link Mono} with a {@link WippyException} (a trap also discards the instance); a failure
 * after that breaks the streamed body.
 */
public final class WasiHttpHandler {

    private static final byte[] EMPTY = new byte[0];

    private final RunningRegistry registry;
    private final String function;

    public WasiHttpHandler(RunningRegistry registry, String function) {
        this.registry = registry;
        this.function = function;
    }

    /**
     * What the server received.
     *
     * @param method the method's name ({@code GET}, or any other token)
     * @param pathWithQuery the raw path and query ({@code /a/b?c=d})
     * @param scheme {@code http}, {@code https} or another scheme, or null
     * @param authority the {@code host} header (or the URI's authority), or null
     * @param headers the header pairs in the order received, asked for once, and only when the guest
     *     reads the headers (a handler that never does costs no copy of them)
     * @param body the body's chunks, or null for a message without a body
     */
    public record Request(
            String method,
            String pathWithQuery,
            String scheme,
            String authority,
            Supplier<List<Map.Entry<String, String>>> headers,
            Publisher<byte[]> body) {

        /** A request whose header pairs are already listed. */
        public Request(
                String method,
                String pathWithQuery,
                String scheme,
                String authority,
                List<Map.Entry<String, String>> headers,
                Publisher<byte[]> body) {
            this(method, pathWithQuery, scheme, authority, () -> headers, body);
        }
    }

    /**
     * What the guest answered: status, headers, and either the whole body ({@link #whole()}, non-null
     * when the guest finished it before the response left) or its stream ({@link #stream()}).
     */
    public record Response(int status, List<Map.Entry<String, String>> headers, byte[] whole, Flux<byte[]> stream) {}

    /**
     * Runs the component's {@code handle} for {@code request} as the caller the Reactor context (or
     * the ambient context) names; subscribing starts it, cancelling stops it.
     */
    public Mono<Response> handle(Request request) {
        return handle(registry.caller(), request);
    }

    /** Runs the component's {@code handle} for {@code request} as {@code caller} (its actor and scope). */
    public Mono<Response> handle(FunctionCaller caller, Request request) {
        return Mono.create(sink -> {
            if (mayRunHere(request) && new Exchange(sink, request).runHere(caller)) {
                return;
            }
            new Exchange(sink, request).start(caller);
        });
    }

    /**
     * Whether a request may be served on the thread it arrived on, without the hop to the
     * dispatcher: that thread must not block (Reactor's non-blocking threads, a server's event loop),
     * the request has no body to feed, and the registry lets the function start there ({@link
     * RunningRegistry#mayRunHere}: its effects stay inside its instance, it has neither {@code
     * max_execution_ms} nor a worker class, and it was not seen to wait there). A call made there that would wait (a busy pool, a
     * guest waiting for a timer) stops and runs again on the dispatcher (see {@link WouldWait}).
     */
    private boolean mayRunHere(Request request) {
        return request.body() == null && registry.mayRunHere(function);
    }
    /** One request in flight. */
    private final class Exchange {

        private final MonoSink<Response> sink;
        /** The request's body as the guest reads it; null for a message without one (nothing to feed). */
        private final BodyInput body;

        private final IncomingRequest incoming;
        private final ResponseOutparam outparam = new ResponseOutparam();
        private final AtomicBoolean sent = new AtomicBoolean();
        private volatile Disposable running = () -> {};

        Exchange(MonoSink<Response> sink, Request request) {
            this.sink = sink;
            if (request.body() == null) {
                body = null;
            } else {
                body = new BodyInput();
                BodyFeed feed = BodyFeed.start(request.body(), body, null);
                body.onClose(feed::dispose);
            }
            incoming = new IncomingRequest(
                    request.method(),
                    request.pathWithQuery(),
                    request.scheme(),
                    request.authority(),
                    Fields.received(request.headers()),
                    body);
        }

        /** The response leaves the first time the guest sets one whose body is done (or has none). */
        private void sendWhenSet() {
            outparam.response().whenComplete((response, failure) -> {
                if (failure != null) {
                    if (sent.compareAndSet(false, true)) {
                        sink.error(asWippy(failure));
                    }
                } else if (response.body() == null) {
                    send(response);
                } else {
                    response.body().onFinish(() -> send(response));
                }
            });
        }

        /** The call's work: {@code handle} on a borrowed instance, given the request and the outparam. */
        private Object run(ai.wippy.spi.RegisteredFunction fn, CallContext c) throws Exception {
            if (!(fn instanceof InstanceBorrowing component)) {
                throw new WippyException(
                        ErrorKind.INTERNAL,
                        function,
                        "transport wasi-http needs a component exporting wasi:http/incoming-handler; " + function
                                + " is a " + fn.kind() + " that is not a component");
            }
            return component.withInstance(c, (instance, handle) -> {
                if (handle.signature().params().size() != 2) {
                    throw new WippyException(
                            ErrorKind.INTERNAL,
                            function,
                            "transport wasi-http calls wasi:http/incoming-handler#handle, but method is "
                                    + handle.signature().describe());
                }
                ResourceHandle req = instance.resources().own("incoming-request", incoming);
                ResourceHandle out = instance.resources().own("response-outparam", outparam);
                Waiting.beforeWaiting(this::sendIfSet, () -> handle.call(List.of(req, out)));
                return Boolean.TRUE;
            });
        }

        void start(FunctionCaller caller) {
            sendWhenSet();
            Mono<Object> call = caller.contextReactive()
                    .flatMap(ctx -> registry.callAsyncWith(ctx, function, this::run))
                    // the guest is done with the request: stop reading a body it left unread
                    .doFinally(signal -> {
                        if (body != null) {
                            body.close();
                        }
                    });
            // the call sees the request's Reactor context (the Spring Security identity lives there)
            running = call.contextWrite(ctx -> ctx.putAll(sink.contextView()))
                    .subscribe(ignored -> {}, this::failed, this::returned);
            sink.onCancel(() -> running.dispose());
        }

        /**
         * The call made on this thread (a server's event loop, for a request without a body, to a
         * component whose effects stay inside it): true when it answered the request; false when
         * it stopped where it would have waited before any response left, to be made again by
         * {@link #start} on the dispatcher from a fresh exchange (this one's instance discarded).
         */
        boolean runHere(FunctionCaller caller) {
            CallContext ctx = contextAtHand(caller);
            if (ctx == null) {
                return false;
            }
            sendWhenSet();
            try {
                registry.callHere(ctx, function, this::run);
            } catch (WouldWait w) {
                return sent.get(); // a response that left before the guest would have waited was whole
            } catch (Throwable e) {
                failed(e);
                return true;
            }
            returned();
            return true;
        }

        /** The caller's context, when the Reactor context holds it without waiting; else {@code null}. */
        private CallContext contextAtHand(FunctionCaller caller) {
            CallContext[] got = new CallContext[1];
            Disposable d = caller.contextReactive()
                    .contextWrite(ctx -> ctx.putAll(sink.contextView()))
                    .subscribe(c -> got[0] = c, e -> {});
            if (got[0] == null) {
                d.dispose(); // not at hand (or failed): the dispatcher's path resolves it and reports
            }
            return got[0];
        }

        /** The guest is about to wait: a response it set leaves now, its body streaming. */
        private void sendIfSet() {
            OutgoingResponse response = outparam.response().getNow(null);
            if (response != null) {
                send(response);
            }
        }

        private void send(OutgoingResponse response) {
            if (!sent.compareAndSet(false, true)) {
                return;
            }
            BodyOutput out = response.body();
            byte[] whole = out == null ? EMPTY : out.takeWhole();
            Flux<byte[]> stream = whole != null ? null : out.flux().doOnCancel(() -> running.dispose());
            sink.success(new Response(response.status(), response.headers().pairs(), whole, stream));
        }

        private void returned() {
            if (!outparam.response().isDone()
                    && outparam.response()
                            .completeExceptionally(new WippyException(
                                    ErrorKind.INTERNAL,
                                    function,
                                    "the component returned from wasi:http/incoming-handler#handle without"
                                            + " setting a response (response-outparam.set was never called)"))) {
                return;
            }
            OutgoingResponse response = outparam.response().getNow(null);
            if (response == null) {
                return; // the guest answered with an error-code
            }
            send(response);
            if (response.body() != null && !response.body().isDone()) {
                response.body()
                        .abort(new IllegalStateException("the component returned without finishing the response body"));
            }
        }

        private void failed(Throwable failure) {
            WippyException e = asWippy(failure);
            if (outparam.response().completeExceptionally(e)) {
                return;
            }
            if (sent.compareAndSet(false, true)) {
                // the response was set but had not left: the client gets the error instead
                sink.error(e);
                return;
            }
            OutgoingResponse response = outparam.response().getNow(null);
            if (response != null && response.body() != null) {
                response.body().abort(e);
            }
        }

        private WippyException asWippy(Throwable failure) {
            Throwable f =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (f instanceof WippyException w) {
                return w;
            }
            if (f instanceof ResponseOutparam.GuestError g) {
                return new WippyException(ErrorKind.INTERNAL, function, g.getMessage());
            }
            return new WippyException(ErrorKind.INTERNAL, function, "internal error: " + f, f);
        }
    }
}
