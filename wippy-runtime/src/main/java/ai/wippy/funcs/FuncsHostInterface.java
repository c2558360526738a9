package ai.wippy.funcs;

import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostInterface;
import ai.wippy.spi.RunningRegistry;
import java.util.function.Supplier;

/**
 * {@code wippy:runtime/funcs} for components. The component linker grants it only to entries that
 * list {@code funcs} in their imports; for others the import links as absent (calling it traps,
 * saying to grant {@code funcs}).
 */
public final class FuncsHostInterface implements HostInterface {

    private final FuncsBridge bridge;

    public FuncsHostInterface(Supplier<RunningRegistry> runtime) {
        this.bridge = new FuncsBridge(runtime);
    }

    @Override
    public String name() {
        return FuncsBridge.INTERFACE;
    }

    @Override
    public BoundInterface bind(HostBinding binding) {
        return (name, signature) -> switch (name) {
            case "call-string" -> args -> bridge.callString((String) args.get(0), (String) args.get(1));
            case "call-bytes" -> args -> bridge.callBytes((String) args.get(0), (byte[]) args.get(1));
            default -> null;
        };
    }
}
