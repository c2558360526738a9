package ai.wippy.spring.security;

import io.micrometer.context.ThreadLocalAccessor;

/** Bridges {@link RequestIdentity} between the Reactor context and the thread, for Micrometer's context propagation. */
public final class RequestIdentityAccessor implements ThreadLocalAccessor<RequestIdentity> {

    @Override
    public Object key() {
        return RequestIdentity.KEY;
    }

    @Override
    public RequestIdentity getValue() {
        return RequestIdentity.current();
    }

    @Override
    public void setValue(RequestIdentity value) {
        RequestIdentity.set(value);
    }

    @Override
    public void setValue() {
        RequestIdentity.clear();
    }
}
