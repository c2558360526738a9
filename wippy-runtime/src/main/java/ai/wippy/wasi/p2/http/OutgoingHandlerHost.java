package ai.wippy.wasi.p2.http;

import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostFunction;
import ai.wippy.value.ResultValue;
import ai.wippy.wasi.p2.Resources;
import ai.wippy.wasi.p2.WasiHost;
import ai.wippy.wasi.p2.WasiInstance;

/**
 * {@code wasi:http/outgoing-handler}: {@code handle} sends the request without blocking and answers
 * a {@code future-incoming-response} at once, or {@code HTTP-request-denied} for a host outside the
 * entry's {@code wasi.allowed_hosts}.
 */
public final class OutgoingHandlerHost extends WasiHost {

    public OutgoingHandlerHost() {
        super("wasi:http/outgoing-handler");
    }

    @Override
    protected HostFunction function(HostBinding b, String function) {
        if (!function.equals("handle")) {
            return null;
        }
        return args -> {
            OutgoingRequest request = Resources.take(b, args.get(0), OutgoingRequest.class);
            RequestOptions options = args.get(1) == null ? null : Resources.take(b, args.get(1), RequestOptions.class);
            ResultValue started = OutgoingExchange.start(
                    WasiInstance.of(b).settings(), request, options, ai.wippy.wasi.p2.IoBudget.of(b));
            if (!started.ok()) {
                // a body the guest already writes stays open: its writes are accepted and dropped, so
                // the guest's writer finishes normally instead of failing on a closed stream
                return started;
            }
            return ResultValue.ok(Resources.own(b, "future-incoming-response", started.value()));
        };
    }

    /** Both {@code wasi:http} hosts. */
    public static java.util.List<ai.wippy.component.host.HostInterface> all() {
        return java.util.List.of(new TypesHost(), new OutgoingHandlerHost());
    }
}
