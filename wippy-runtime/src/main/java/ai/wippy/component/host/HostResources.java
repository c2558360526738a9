package ai.wippy.component.host;

import ai.wippy.value.ResourceHandle;

/**
 * The handle table of one component instance, as a host sees it: how a host hands out resources it
 * implements (WASI descriptors, streams...) and finds them again when the guest passes a handle.
 * The guest only ever sees handle numbers.
 */
public interface HostResources {

    /**
     * A new owned handle, in the instance's table, for a host object of resource type
     * {@code resource} (its WIT name, e.g. {@code descriptor}). Return it from a function whose
     * result is {@code own<descriptor>}. When the guest drops the handle (or the instance is
     * discarded) an {@link AutoCloseable} object is closed.
     */
    ResourceHandle own(String resource, Object hostObject);

    /** The host object behind a handle the guest passed (borrowed or owned); traps on a bad handle. */
    <T> T get(ResourceHandle handle, Class<T> type);

    /**
     * Takes an owned handle the guest passed ({@code own<R>} parameters transfer ownership): it
     * leaves the table and the caller now owns the object.
     */
    <T> T take(ResourceHandle handle, Class<T> type);
}
