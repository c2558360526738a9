package ai.wippy.wasi.p2.http;

import ai.wippy.value.VariantValue;
import java.util.concurrent.CompletableFuture;

/**
 * The host object behind {@code response-outparam}: where a component's {@code incoming-handler}
 * puts its answer. The server waits on {@link #response()}: an {@link OutgoingResponse}, or the
 * {@code error-code} the guest answered with (completed exceptionally with {@link GuestError}).
 */
public final class ResponseOutparam {

    private final CompletableFuture<OutgoingResponse> response = new CompletableFuture<>();

    /** Completes when the guest calls {@code response-outparam.set}. */
    public CompletableFuture<OutgoingResponse> response() {
        return response;
    }

    void set(OutgoingResponse value) {
        response.complete(value);
    }

    void fail(VariantValue code) {
        response.completeExceptionally(new GuestError(code));
    }

    /** The guest answered the request with an {@code error-code} instead of a response. */
    public static final class GuestError extends RuntimeException {
        private final VariantValue code;

        GuestError(VariantValue code) {
            super("the component answered with error-code " + describe(code), null, false, false);
            this.code = code;
        }

        public VariantValue code() {
            return code;
        }

        private static String describe(VariantValue code) {
            return code.payload() == null ? code.caseName() : code.caseName() + "(" + code.payload() + ")";
        }
    }
}
