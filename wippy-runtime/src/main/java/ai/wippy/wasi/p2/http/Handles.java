package ai.wippy.wasi.p2.http;

import ai.wippy.component.host.HostBinding;
import ai.wippy.value.ResourceHandle;

/**
 * Handle-table helpers of the HTTP hosts: handles are looked up by number and checked by the Java
 * class of the object behind them, whatever name the component gave the resource type.
 */
final class Handles {

    private Handles() {}

    static <T> T borrow(HostBinding binding, Object handle, Class<T> type) {
        ResourceHandle h = (ResourceHandle) handle;
        return binding.resources().get(new ResourceHandle(null, h.handle(), h.own()), type);
    }

    static <T> T take(HostBinding binding, Object handle, Class<T> type) {
        ResourceHandle h = (ResourceHandle) handle;
        return binding.resources().take(new ResourceHandle(null, h.handle(), h.own()), type);
    }

    static ResourceHandle own(HostBinding binding, String resource, Object hostObject) {
        return binding.resources().own(resource, hostObject);
    }
}
