package ai.wippy.wasi.p2.sockets;

import ai.wippy.component.host.HostBinding;
import ai.wippy.value.ResourceHandle;

/**
 * Handle-table helpers for the socket hosts: handles are found by number and checked by the Java
 * class of the object behind them, whatever name the component gave the resource type.
 */
final class Handles {

    private Handles() {}

    static <T> T borrow(HostBinding binding, Object handle, Class<T> type) {
        ResourceHandle h = (ResourceHandle) handle;
        return binding.resources().get(new ResourceHandle(null, h.handle(), h.own()), type);
    }

    static ResourceHandle own(HostBinding binding, String resource, Object hostObject) {
        return binding.resources().own(resource, hostObject);
    }
}
