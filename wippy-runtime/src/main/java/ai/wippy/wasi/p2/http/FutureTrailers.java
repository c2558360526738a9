package ai.wippy.wasi.p2.http;

import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wasi.p2.FuturePollable;
import ai.wippy.wasi.p2.Pollable;

/**
 * The host object behind {@code future-trailers}: ready when the body has ended. Trailers are not
 * received (HTTP/1.1 through Reactor Netty), so a complete body answers {@code none}; a broken one
 * its error code.
 */
final class FutureTrailers {

    private final BodyInput body;
    private boolean taken;

    FutureTrailers(BodyInput body) {
        this.body = body;
    }

    Pollable subscribe() {
        return new FuturePollable(body.end());
    }

    /** {@code option<result<result<option<trailers>, error-code>>>}. */
    synchronized Object get() {
        if (!body.end().isDone()) {
            return null;
        }
        if (taken) {
            return ResultValue.err(null);
        }
        taken = true;
        VariantValue error = body.end().join();
        return ResultValue.ok(error == null ? ResultValue.ok(null) : ResultValue.err(error));
    }
}
