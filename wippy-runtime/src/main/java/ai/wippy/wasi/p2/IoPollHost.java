package ai.wippy.wasi.p2;

import ai.wippy.component.host.HostInterface;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.component.host.WitInterface;
import java.util.List;

/**
 * {@code wasi:io/poll}: {@code [method]pollable.ready} and {@code block} are {@link Pollable}'s own
 * methods, {@code poll} takes the {@code list<borrow<pollable>>} as a {@code List<Pollable>}; all
 * linked by the {@link WitInterface} mechanism. Waiting parks the guest's virtual thread (see {@link
 * Waiting}).
 */
@WitInterface(value = "wasi:io/poll", resources = Pollable.class)
public final class IoPollHost {

    private IoPollHost() {}

    public static HostInterface host() {
        return ReflectiveHostInterface.of(new IoPollHost());
    }

    /** The indexes (u32) of the pollables that are ready, waiting until at least one is. */
    public List<Long> poll(List<Pollable> in) {
        return Waiting.poll(in);
    }
}
