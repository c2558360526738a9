package ai.wippy.wasi.p2.http;

import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostFunction;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wasi.p2.IoError;
import ai.wippy.wasi.p2.Resources;
import ai.wippy.wasi.p2.WasiHost;
import java.util.List;

/**
 * {@code wasi:http/types}: fields, requests, responses, bodies and futures. Misuse the WIT can
 * express (a body taken twice, an invalid header, a bad status) answers with an error value; a bad
 * handle traps.
 */
public final class TypesHost extends WasiHost {

    public TypesHost() {
        super("wasi:http/types");
    }

    @Override
    protected HostFunction function(HostBinding b, String function) {
        return switch (function) {
            case "http-error-code" ->
                args -> {
                    IoError error = Resources.borrow(b, args.get(0), IoError.class);
                    return error.cause() instanceof HttpErrors.HttpError e ? e.code() : null;
                };

            // fields
            case "[constructor]fields" -> args -> Resources.own(b, "fields", new Fields());
            case "[static]fields.from-list" ->
                args -> header(() -> Resources.own(b, "fields", Fields.fromList((List<?>) args.get(0))));
            case "[method]fields.get" -> args -> List.copyOf(fields(b, args).get((String) args.get(1)));
            case "[method]fields.has" -> args -> fields(b, args).has((String) args.get(1));
            case "[method]fields.set" ->
                args -> header(() -> {
                    fields(b, args).set((String) args.get(1), (List<?>) args.get(2));
                    return null;
                });
            case "[method]fields.delete" ->
                args -> header(() -> {
                    fields(b, args).delete((String) args.get(1));
                    return null;
                });
            case "[method]fields.append" ->
                args -> header(() -> {
                    fields(b, args).append((String) args.get(1), (byte[]) args.get(2));
                    return null;
                });
            case "[method]fields.entries" -> args -> fields(b, args).entries();
            case "[method]fields.clone" ->
                args -> Resources.own(b, "fields", fields(b, args).copy());

            // incoming-request
            case "[method]incoming-request.method" -> args -> inReq(b, args).method();
            case "[method]incoming-request.path-with-query" ->
                args -> inReq(b, args).pathWithQuery();
            case "[method]incoming-request.scheme" -> args -> inReq(b, args).scheme();
            case "[method]incoming-request.authority" -> args -> inReq(b, args).authority();
            case "[method]incoming-request.headers" ->
                args -> Resources.own(b, "fields", inReq(b, args).headers());
            case "[method]incoming-request.consume" ->
                args -> body(b, inReq(b, args).consume());

            // outgoing-request
            case "[constructor]outgoing-request" ->
                args -> Resources.own(
                        b, "outgoing-request", new OutgoingRequest(Resources.take(b, args.get(0), Fields.class)));
            case "[method]outgoing-request.body" ->
                args -> outBody(b, outReq(b, args).takeBody(ai.wippy.wasi.p2.IoBudget.of(b)));
            case "[method]outgoing-request.method" -> args -> outReq(b, args).method();
            case "[method]outgoing-request.set-method" ->
                args -> unit(outReq(b, args).setMethod((VariantValue) args.get(1)));
            case "[method]outgoing-request.path-with-query" ->
                args -> outReq(b, args).pathWithQuery();
            case "[method]outgoing-request.set-path-with-query" ->
                args -> unit(outReq(b, args).setPathWithQuery((String) args.get(1)));
            case "[method]outgoing-request.scheme" -> args -> outReq(b, args).scheme();
            case "[method]outgoing-request.set-scheme" ->
                args -> unit(outReq(b, args).setScheme((VariantValue) args.get(1)));
            case "[method]outgoing-request.authority" -> args -> outReq(b, args).authority();
            case "[method]outgoing-request.set-authority" ->
                args -> unit(outReq(b, args).setAuthority((String) args.get(1)));
            case "[method]outgoing-request.headers" ->
                args -> Resources.own(b, "fields", outReq(b, args).headers());

            // request-options
            case "[constructor]request-options" -> args -> Resources.own(b, "request-options", new RequestOptions());
            case "[method]request-options.connect-timeout" -> args -> options(b, args).connectTimeout;
            case "[method]request-options.set-connect-timeout" ->
                args -> {
                    options(b, args).connectTimeout = RequestOptions.duration(args.get(1));
                    return ResultValue.ok(null);
                };
            case "[method]request-options.first-byte-timeout" -> args -> options(b, args).firstByteTimeout;
            case "[method]request-options.set-first-byte-timeout" ->
                args -> {
                    options(b, args).firstByteTimeout = RequestOptions.duration(args.get(1));
                    return ResultValue.ok(null);
                };
            case "[method]request-options.between-bytes-timeout" -> args -> options(b, args).betweenBytesTimeout;
            case "[method]request-options.set-between-bytes-timeout" ->
                args -> {
                    options(b, args).betweenBytesTimeout = RequestOptions.duration(args.get(1));
                    return ResultValue.ok(null);
                };

            // response-outparam
            case "[method]response-outparam.send-informational" ->
                args -> ResultValue.err(HttpErrors.internal("informational responses are not supported"));
            case "[static]response-outparam.set" ->
                args -> {
                    ResponseOutparam param = Resources.take(b, args.get(0), ResponseOutparam.class);
                    ResultValue response = (ResultValue) args.get(1);
                    if (response.ok()) {
                        param.set(Resources.take(b, response.value(), OutgoingResponse.class));
                    } else {
                        param.fail((VariantValue) response.value());
                    }
                    return null;
                };

            // incoming-response
            case "[method]incoming-response.status" -> args -> inResp(b, args).status();
            case "[method]incoming-response.headers" ->
                args -> Resources.own(b, "fields", inResp(b, args).headers());
            case "[method]incoming-response.consume" ->
                args -> body(b, inResp(b, args).consume());

            // incoming-body, future-trailers
            case "[method]incoming-body.stream" ->
                args -> {
                    BodyInput in = Resources.borrow(b, args.get(0), IncomingBody.class).stream();
                    return in == null ? ResultValue.err(null) : ResultValue.ok(Resources.own(b, "input-stream", in));
                };
            case "[static]incoming-body.finish" ->
                args -> {
                    IncomingBody body = Resources.take(b, args.get(0), IncomingBody.class);
                    return Resources.own(b, "future-trailers", new FutureTrailers(body.input()));
                };
            case "[method]future-trailers.subscribe" ->
                args -> Resources.own(
                        b,
                        "pollable",
                        Resources.borrow(b, args.get(0), FutureTrailers.class).subscribe());
            case "[method]future-trailers.get" ->
                args -> Resources.borrow(b, args.get(0), FutureTrailers.class).get();

            // outgoing-response, outgoing-body
            case "[constructor]outgoing-response" ->
                args -> Resources.own(
                        b, "outgoing-response", new OutgoingResponse(Resources.take(b, args.get(0), Fields.class)));
            case "[method]outgoing-response.status-code" ->
                args -> outResp(b, args).status();
            case "[method]outgoing-response.set-status-code" ->
                args -> unit(outResp(b, args).setStatus(((Number) args.get(1)).intValue()));
            case "[method]outgoing-response.headers" ->
                args -> Resources.own(b, "fields", outResp(b, args).headers());
            case "[method]outgoing-response.body" ->
                args -> outBody(b, outResp(b, args).takeBody());
            case "[method]outgoing-body.write" ->
                args -> {
                    BodyOutput out = Resources.borrow(b, args.get(0), OutgoingBody.class).stream();
                    return out == null ? ResultValue.err(null) : ResultValue.ok(Resources.own(b, "output-stream", out));
                };
            case "[static]outgoing-body.finish" ->
                args -> {
                    OutgoingBody body = Resources.take(b, args.get(0), OutgoingBody.class);
                    if (args.get(1) != null) {
                        // trailers are not sent over HTTP/1.1 here; the guest's handle is released
                        Resources.take(b, args.get(1), Fields.class);
                    }
                    body.finish();
                    return ResultValue.ok(null);
                };

            // future-incoming-response
            case "[method]future-incoming-response.subscribe" ->
                args -> Resources.own(
                        b,
                        "pollable",
                        Resources.borrow(b, args.get(0), FutureIncomingResponse.class)
                                .subscribe());
            case "[method]future-incoming-response.get" ->
                args -> Resources.borrow(b, args.get(0), FutureIncomingResponse.class)
                        .get(b);
            default -> null;
        };
    }

    /** A result whose error is a {@code header-error}. */
    @FunctionalInterface
    private interface HeaderOp {
        Object run() throws HeaderException;
    }

    private static ResultValue header(HeaderOp op) {
        try {
            return ResultValue.ok(op.run());
        } catch (HeaderException e) {
            return ResultValue.err(new VariantValue(e.code(), null));
        }
    }

    private static ResultValue unit(boolean ok) {
        return ok ? ResultValue.ok(null) : ResultValue.err(null);
    }

    private static ResultValue body(HostBinding b, IncomingBody body) {
        return body == null ? ResultValue.err(null) : ResultValue.ok(Resources.own(b, "incoming-body", body));
    }

    private static ResultValue outBody(HostBinding b, OutgoingBody body) {
        return body == null ? ResultValue.err(null) : ResultValue.ok(Resources.own(b, "outgoing-body", body));
    }

    private static Fields fields(HostBinding b, List<Object> args) {
        return Resources.borrow(b, args.get(0), Fields.class);
    }

    private static IncomingRequest inReq(HostBinding b, List<Object> args) {
        return Resources.borrow(b, args.get(0), IncomingRequest.class);
    }

    private static OutgoingRequest outReq(HostBinding b, List<Object> args) {
        return Resources.borrow(b, args.get(0), OutgoingRequest.class);
    }

    private static RequestOptions options(HostBinding b, List<Object> args) {
        return Resources.borrow(b, args.get(0), RequestOptions.class);
    }

    private static IncomingResponse inResp(HostBinding b, List<Object> args) {
        return Resources.borrow(b, args.get(0), IncomingResponse.class);
    }

    private static OutgoingResponse outResp(HostBinding b, List<Object> args) {
        return Resources.borrow(b, args.get(0), OutgoingResponse.class);
    }
}
