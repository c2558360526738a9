package ai.wippy.wasi.p2.http;

import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostInterface;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.component.host.WitInterface;
import ai.wippy.value.ResultValue;
import ai.wippy.wasi.p2.IoBudget;
import ai.wippy.wasi.p2.WasiInstance;
import java.util.List;

/**
 * {@code wasi:http/outgoing-handler}: {@code handle} sends the request without blocking and answers
 * a {@code future-incoming-response} at once, or {@code HTTP-request-denied} for a host outside the
 * entry's {@code wasi.allowed_hosts}. A typed host, one per component instance (it reads the
 * instance's settings and I/O budget).
 */
@WitInterface(
        value = "wasi:http/outgoing-handler",
        uses = {OutgoingRequest.class, RequestOptions.class, FutureIncomingResponse.class})
public final class OutgoingHandlerHost {

    private final HostBinding binding;

    private OutgoingHandlerHost(HostBinding binding) {
        this.binding = binding;
    }

    /**
     * {@code handle(request: own<outgoing-request>, options: option<own<request-options>>) ->
     * result<own<future-incoming-response>, error-code>}.
     */
    public ResultValue handle(OutgoingRequest request, RequestOptions options) {
        // refused: a body the guest already writes stays open, its writes accepted and dropped, so
        // the guest's writer finishes normally instead of failing on a closed stream
        return OutgoingExchange.start(WasiInstance.of(binding).settings(), request, options, IoBudget.of(binding));
    }

    /** Both {@code wasi:http} hosts. */
    public static List<HostInterface> all() {
        return List.of(
                TypesHost.host(),
                ReflectiveHostInterface.perInstance(OutgoingHandlerHost.class, OutgoingHandlerHost::new));
    }
}
