package ai.wippy.pool;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;

/**
 * A pool refused a call because it is closed, before lending an instance: nothing of the call ran,
 * so a caller that raced a registry update may run it again on the version that replaced the pool.
 */
public final class PoolClosedException extends WippyException {

    public PoolClosedException(String pool) {
        super(
                ErrorKind.INTERNAL,
                pool,
                "the pool is closed: its entry was replaced or removed, or the runtime is shutting down");
    }
}
