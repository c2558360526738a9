package ai.wippy.wasi.p2;

import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostFunction;

/** {@code wasi:io/error}: the error resource's debug string. */
public final class IoErrorHost extends WasiHost {

    public IoErrorHost() {
        super("wasi:io/error");
    }

    @Override
    protected HostFunction function(HostBinding b, String function) {
        return switch (function) {
            case "[method]error.to-debug-string" ->
                args -> Resources.borrow(b, args.get(0), IoError.class).message();
            default -> null;
        };
    }
}
