package ai.wippy.wasi.p2;

import ai.wippy.component.host.HostBinding;
import ai.wippy.wasi.WasiSettings;
import ai.wippy.wasi.WasiStdio;
import java.util.List;

/**
 * What the WASI Preview 2 hosts of one component instance share: the entry's {@link WasiSettings}
 * (arguments, environment, mounts, allowed hosts), the standard streams and the caller's extra
 * arguments. Part of the instance's {@link WasiState}; a component instantiated outside a registry
 * gets no arguments, no variables, no mounts and logs its output ({@link WasiState#none}).
 */
public final class WasiInstance {

    private final WasiSettings settings;
    private final WasiStdio stdio;
    private final List<String> extraArgs;
    private PumpedInput stdin;

    public WasiInstance(WasiSettings settings, WasiStdio stdio, List<String> extraArgs) {
        this.settings = settings;
        this.stdio = stdio;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** The WASI state of the instance a host interface is bound to. */
    public static WasiInstance of(HostBinding binding) {
        return WasiState.of(binding).wasi();
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
