package ai.wippy.wasi.p2.http;

import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostInterface;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.component.host.WitInterface;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wasi.p2.InputResource;
import ai.wippy.wasi.p2.IoBudget;
import ai.wippy.wasi.p2.IoError;
import ai.wippy.wasi.p2.OutputResource;
import ai.wippy.wasi.p2.Pollable;
import java.util.List;

/**
 * {@code wasi:http/types}: fields, requests, responses, bodies and futures, as typed methods linked
 * by the {@link WitInterface} mechanism ({@code [method]fields.get} is {@link #fieldsGet}, {@code
 * [constructor]fields} {@link #newFields}); one object per component instance (an outgoing body
 * counts against the instance's I/O budget). Misuse the WIT can express (a body taken twice, an
 * invalid header, a bad status) answers with an error value; a bad handle traps. The streams and
 * pollables handed out are {@code wasi:io}'s.
 */
@WitInterface(
        value = "wasi:http/types",
        resources = {
            Fields.class,
            IncomingRequest.class,
            OutgoingRequest.class,
            RequestOptions.class,
            ResponseOutparam.class,
            IncomingResponse.class,
            IncomingBody.class,
            FutureTrailers.class,
            OutgoingResponse.class,
            OutgoingBody.class,
            FutureIncomingResponse.class
        },
        uses = {InputResource.class, OutputResource.class, Pollable.class, IoError.class})
public final class TypesHost {

    private static final ResultValue OK = ResultValue.ok(null);
    private static final ResultValue ERR = ResultValue.err(null);

    private final HostBinding binding;

    private TypesHost(HostBinding binding) {
        this.binding = binding;
    }

    /** The interface, one {@code TypesHost} per component instance. */
    public static HostInterface host() {
        return ReflectiveHostInterface.perInstance(TypesHost.class, TypesHost::new);
    }

    /** {@code result<T>}: ok with the value, or err without one when it is null. */
    private static ResultValue okOrErr(Object value) {
        return value == null ? ERR : ResultValue.ok(value);
    }

    private static ResultValue unit(boolean ok) {
        return ok ? OK : ERR;
    }

    /** {@code option<error-code>}: the HTTP error behind an I/O error a body stream failed with. */
    public VariantValue httpErrorCode(IoError err) {
        return err.cause() instanceof HttpErrors.HttpError e ? e.code() : null;
    }

    // fields

    public Fields newFields() {
        return new Fields();
    }

    public Fields fieldsFromList(List<?> entries) throws HeaderException {
        return Fields.fromList(entries);
    }

    public List<byte[]> fieldsGet(Fields self, String name) {
        return self.get(name);
    }

    public boolean fieldsHas(Fields self, String name) {
        return self.has(name);
    }

    public void fieldsSet(Fields self, String name, List<?> value) throws HeaderException {
        self.set(name, value);
    }

    public void fieldsDelete(Fields self, String name) throws HeaderException {
        self.delete(name);
    }

    public void fieldsAppend(Fields self, String name, byte[] value) throws HeaderException {
        self.append(name, value);
    }

    public List<Object> fieldsEntries(Fields self) {
        return self.entries();
    }

    public Fields fieldsClone(Fields self) {
        return self.copy();
    }

    // incoming-request

    public VariantValue incomingRequestMethod(IncomingRequest self) {
        return self.method();
    }

    public String incomingRequestPathWithQuery(IncomingRequest self) {
        return self.pathWithQuery();
    }

    public VariantValue incomingRequestScheme(IncomingRequest self) {
        return self.scheme();
    }

    public String incomingRequestAuthority(IncomingRequest self) {
        return self.authority();
    }

    public Fields incomingRequestHeaders(IncomingRequest self) {
        return self.headers();
    }

    public ResultValue incomingRequestConsume(IncomingRequest self) {
        return okOrErr(self.consume());
    }

    // outgoing-request

    public OutgoingRequest newOutgoingRequest(Fields headers) {
        return new OutgoingRequest(headers);
    }

    public ResultValue outgoingRequestBody(OutgoingRequest self) {
        return okOrErr(self.takeBody(IoBudget.of(binding)));
    }

    public VariantValue outgoingRequestMethod(OutgoingRequest self) {
        return self.method();
    }

    public ResultValue outgoingRequestSetMethod(OutgoingRequest self, VariantValue method) {
        return unit(self.setMethod(method));
    }

    public String outgoingRequestPathWithQuery(OutgoingRequest self) {
        return self.pathWithQuery();
    }

    public ResultValue outgoingRequestSetPathWithQuery(OutgoingRequest self, String pathWithQuery) {
        return unit(self.setPathWithQuery(pathWithQuery));
    }

    public VariantValue outgoingRequestScheme(OutgoingRequest self) {
        return self.scheme();
    }

    public ResultValue outgoingRequestSetScheme(OutgoingRequest self, VariantValue scheme) {
        return unit(self.setScheme(scheme));
    }

    public String outgoingRequestAuthority(OutgoingRequest self) {
        return self.authority();
    }

    public ResultValue outgoingRequestSetAuthority(OutgoingRequest self, String authority) {
        return unit(self.setAuthority(authority));
    }

    public Fields outgoingRequestHeaders(OutgoingRequest self) {
        return self.headers();
    }

    // request-options: durations in nanoseconds, null when unset

    public RequestOptions newRequestOptions() {
        return new RequestOptions();
    }

    public Long requestOptionsConnectTimeout(RequestOptions self) {
        return self.connectTimeout;
    }

    public ResultValue requestOptionsSetConnectTimeout(RequestOptions self, Long duration) {
        self.connectTimeout = duration;
        return OK;
    }

    public Long requestOptionsFirstByteTimeout(RequestOptions self) {
        return self.firstByteTimeout;
    }

    public ResultValue requestOptionsSetFirstByteTimeout(RequestOptions self, Long duration) {
        self.firstByteTimeout = duration;
        return OK;
    }

    public Long requestOptionsBetweenBytesTimeout(RequestOptions self) {
        return self.betweenBytesTimeout;
    }

    public ResultValue requestOptionsSetBetweenBytesTimeout(RequestOptions self, Long duration) {
        self.betweenBytesTimeout = duration;
        return OK;
    }

    // response-outparam

    public ResultValue responseOutparamSendInformational(ResponseOutparam self, int status, Fields headers) {
        return ResultValue.err(HttpErrors.internal("informational responses are not supported"));
    }

    /** {@code set(param: own<response-outparam>, response: result<own<outgoing-response>, error-code>)}. */
    public void responseOutparamSet(ResponseOutparam param, ResultValue response) {
        if (response.ok()) {
            param.set((OutgoingResponse) response.value());
        } else {
            param.fail((VariantValue) response.value());
        }
    }

    // incoming-response

    public int incomingResponseStatus(IncomingResponse self) {
        return self.status();
    }

    public Fields incomingResponseHeaders(IncomingResponse self) {
        return self.headers();
    }

    public ResultValue incomingResponseConsume(IncomingResponse self) {
        return okOrErr(self.consume());
    }

    // incoming-body, future-trailers

    public ResultValue incomingBodyStream(IncomingBody self) {
        return okOrErr(self.stream());
    }

    public FutureTrailers incomingBodyFinish(IncomingBody body) {
        return new FutureTrailers(body.input());
    }

    public Pollable futureTrailersSubscribe(FutureTrailers self) {
        return self.subscribe();
    }

    public Object futureTrailersGet(FutureTrailers self) {
        return self.get();
    }

    // outgoing-response, outgoing-body

    public OutgoingResponse newOutgoingResponse(Fields headers) {
        return new OutgoingResponse(headers);
    }

    public int outgoingResponseStatusCode(OutgoingResponse self) {
        return self.status();
    }

    public ResultValue outgoingResponseSetStatusCode(OutgoingResponse self, int statusCode) {
        return unit(self.setStatus(statusCode));
    }

    public Fields outgoingResponseHeaders(OutgoingResponse self) {
        return self.headers();
    }

    public ResultValue outgoingResponseBody(OutgoingResponse self) {
        return okOrErr(self.takeBody());
    }

    public ResultValue outgoingBodyWrite(OutgoingBody self) {
        return okOrErr(self.stream());
    }

    /** Trailers are not sent over HTTP/1.1 here; the guest's handle to them is released. */
    public ResultValue outgoingBodyFinish(OutgoingBody body, Fields trailers) {
        body.finish();
        return OK;
    }

    // future-incoming-response

    public Pollable futureIncomingResponseSubscribe(FutureIncomingResponse self) {
        return self.subscribe();
    }

    public Object futureIncomingResponseGet(FutureIncomingResponse self) {
        return self.get();
    }
}
