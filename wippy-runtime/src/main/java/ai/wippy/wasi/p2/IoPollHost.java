package ai.wippy.wasi.p2;

import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostFunction;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code wasi:io/poll}: {@code ready}, {@code block} and {@code poll} over several pollables. Waiting
 * parks the guest's virtual thread (see {@link Waiting}).
 */
public final class IoPollHost extends WasiHost {

    public IoPollHost() {
        super("wasi:io/poll");
    }

    @Override
    protected HostFunction function(HostBinding b, String function) {
        return switch (function) {
            case "[method]pollable.ready" ->
                args -> Resources.borrow(b, args.get(0), Pollable.class).ready();
            case "[method]pollable.block" ->
                args -> {
                    Resources.borrow(b, args.get(0), Pollable.class).block();
                    return null;
                };
            case "poll" ->
                args -> {
                    List<?> handles = (List<?>) args.get(0);
                    List<Pollable> pollables = new ArrayList<>(handles.size());
                    for (Object h : handles) {
                        pollables.add(Resources.borrow(b, h, Pollable.class));
                    }
                    return Waiting.poll(pollables);
                };
            default -> null;
        };
    }
}
