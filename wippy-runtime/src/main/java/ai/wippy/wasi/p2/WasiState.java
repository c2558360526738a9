package ai.wippy.wasi.p2;

import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.InstanceState;
import ai.wippy.wasi.WasiSettings;
import ai.wippy.wasi.WasiStdio;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-instance state of the WASI Preview 2 hosts of one component instance, created where the
 * instance is made: its {@link WasiInstance} (settings, standard streams, arguments), its {@link
 * IoBudget} and the names its guest resolved through {@code wasi:sockets/ip-name-lookup} (read by
 * the instance's socket policy).
 */
public final class WasiState implements InstanceState {

    private final WasiInstance wasi;
    private final IoBudget budget;
    private final Map<InetAddress, Set<String>> resolvedNames = new ConcurrentHashMap<>();

    public WasiState(WasiInstance wasi, IoBudget budget) {
        this.wasi = wasi;
        this.budget = budget;
    }

    /** The state of an instance of {@code entryId} with these settings and streams, without I/O limits. */
    public static WasiState of(WasiSettings settings, WasiStdio stdio, List<String> args) {
        return new WasiState(new WasiInstance(settings, stdio, args), IoBudget.unbounded(settings.entryId()));
    }

    /**
     * The state of an instance made without WASI settings (outside a registry, or an entry without a
     * {@code wasi} block): no arguments, no variables, no mounts, no hosts, output logged, no I/O limits.
     */
    public static WasiState none(String entryId, Set<String> granted) {
        String id = entryId == null ? "component" : entryId;
        WasiSettings none = new WasiSettings(id, granted, List.of(), null, Map.of(), List.of(), List.of());
        return new WasiState(new WasiInstance(none, WasiStdio.logger(id), List.of()), IoBudget.unbounded(id));
    }

    /**
     * The state of the instance a host interface is bound to.
     *
     * @throws IllegalStateException when the binding carries none (a host bound outside an instance)
     */
    public static WasiState of(HostBinding binding) {
        if (binding.state() instanceof WasiState s) {
            return s;
        }
        throw new IllegalStateException("host interface " + binding.importName()
                + " is bound without the instance's WASI state (bind it through InstancePre)");
    }

    public WasiInstance wasi() {
        return wasi;
    }

    public IoBudget budget() {
        return budget;
    }

    /** The addresses the guest resolved, each with the names it resolved to it (mutable, thread safe). */
    public Map<InetAddress, Set<String>> resolvedNames() {
        return resolvedNames;
    }
}
