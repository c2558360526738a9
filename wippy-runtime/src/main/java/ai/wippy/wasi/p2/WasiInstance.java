package ai.wippy.wasi.p2;

import ai.wippy.component.host.HostBinding;
import ai.wippy.wasi.WasiSettings;
import ai.wippy.wasi.WasiStdio;
import java.util.List;
import java.util.Map;

/**
 * What the WASI Preview 2 hosts of one component instance share: the entry's {@link WasiSettings}
 * (arguments, environment, mounts, allowed hosts), the standard streams and the caller's extra
 * arguments. The component loader seeds it into the instance's shared map; a component
 * instantiated outside a registry gets no arguments, no variables, no mounts and logs its output.
 */
public final class WasiInstance {

    private static final String KEY = WasiInstance.class.getName();

    private final WasiSettings settings;
    private final WasiStdio stdio;
    private final List<String> extraArgs;
    private PumpedInput stdin;

    private WasiInstance(WasiSettings settings, WasiStdio stdio, List<String> extraArgs) {
        this.settings = settings;
        this.stdio = stdio;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Puts an instance's WASI state into the map its host interfaces share. */
    public static void seed(Map<String, Object> shared, WasiSettings settings, WasiStdio stdio, List<String> args) {
        shared.put(KEY, new WasiInstance(settings, stdio, args));
    }

    /** The WASI state of the instance a host interface is bound to. */
    public static WasiInstance of(HostBinding binding) {
        return (WasiInstance) binding.shared().computeIfAbsent(KEY, k -> {
            String id =
                    binding.entry() == null ? "component" : binding.entry().id().toString();
            WasiSettings none =
                    new WasiSettings(id, binding.granted(), List.of(), null, Map.of(), List.of(), List.of());
            return new WasiInstance(none, WasiStdio.logger(id), List.of());
        });
    }

    public WasiSettings settings() {
        return settings;
    }

    public WasiStdio stdio() {
        return stdio;
    }

    public List<String> arguments() {
        return settings.argv(extraArgs);
    }

    /** The instance's single standard input: every {@code get-stdin} reads from the same pump. */
    public synchronized PumpedInput stdin() {
        if (stdin == null) {
            stdin = new PumpedInput(stdio.in());
        }
        return stdin;
    }
}
