package ai.wippy.wasi.p2;

import ai.wippy.component.host.HostBinding;
import ai.wippy.value.ResourceHandle;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;

/**
 * Handle-table helpers shared by the WASI hosts. Handles are looked up by number and checked by the
 * Java class of the object behind them, so a resource type aliased between interfaces (the
 * {@code output-stream} of {@code wasi:cli/stdout} is the one of {@code wasi:io/streams}) resolves
 * whatever name the component gave it.
 */
public final class Resources {

    private Resources() {}

    public static <T> T borrow(HostBinding binding, Object handle, Class<T> type) {
        ResourceHandle h = (ResourceHandle) handle;
        return binding.resources().get(new ResourceHandle(null, h.handle(), h.own()), type);
    }

    public static <T> T take(HostBinding binding, Object handle, Class<T> type) {
        ResourceHandle h = (ResourceHandle) handle;
        return binding.resources().take(new ResourceHandle(null, h.handle(), h.own()), type);
    }

    public static ResourceHandle own(HostBinding binding, String resource, Object hostObject) {
        return binding.resources().own(resource, hostObject);
    }

    /** A {@code stream-error} result: {@code closed}, or {@code last-operation-failed} with a new error handle. */
    public static ResultValue streamError(HostBinding binding, StreamException e) {
        if (e.isClosed()) {
            return ResultValue.err(new VariantValue("closed", null));
        }
        return ResultValue.err(new VariantValue("last-operation-failed", own(binding, "error", e.error())));
    }

    /** A u64 argument as a length, capped so that a huge request cannot exhaust the host. */
    public static int length(Object u64, int cap) {
        long n = ((Number) u64).longValue();
        return n < 0 || n > cap ? cap : (int) n;
    }
}
