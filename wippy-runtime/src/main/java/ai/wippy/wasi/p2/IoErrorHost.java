package ai.wippy.wasi.p2;

import ai.wippy.component.host.HostInterface;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.component.host.WitInterface;

/**
 * {@code wasi:io/error}: its one function, {@code [method]error.to-debug-string}, is {@link
 * IoError#toDebugString()}, linked by the {@link WitInterface} mechanism. The errors are made by the
 * hosts that fail (streams, filesystem, http) in the instance's handle table.
 */
@WitInterface(value = "wasi:io/error", resources = IoError.class)
public final class IoErrorHost {

    private IoErrorHost() {}

    public static HostInterface host() {
        return ReflectiveHostInterface.of(new IoErrorHost());
    }
}
