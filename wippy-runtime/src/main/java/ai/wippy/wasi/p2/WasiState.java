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

    // for none(), the parts are made when first asked for: an instance that never asks costs nothing
    private final Lazy<WasiInstance> wasi;
    private final Lazy<IoBudget> budget;
    private final Map<InetAddress, Set<String>> resolvedNames = new ConcurrentHashMap<>();

    public WasiState(WasiInstance wasi, IoBudget budget) {
        this.wasi = new Lazy<>(wasi, null);
        this.budget = new Lazy<>(budget, null);
    }

    private WasiState(String entryId, Set<String> granted) {
        this.wasi = new Lazy<>(null, () -> {
            WasiSettings none = new WasiSettings(entryId, granted, List.of(), null, Map.of(), List.of(), List.of());
            return new WasiInstance(none, WasiStdio.logger(entryId), List.of());
        });
        this.budget = new Lazy<>(null, () -> IoBudget.unbounded(entryId));
    }

    /** A part given when the state is made, or made once by the first thread that asks for it. */
    private static final class Lazy<T> {
        private final java.util.function.Supplier<T> make;
        private volatile T value;

        Lazy(T value, java.util.function.Supplier<T> make) {
            this.value = value;
            this.make = make;
        }

        T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        value = v = make.get();
                    }
                }
            }
            return v;
        }
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
        return new WasiState(entryId == null ? "component" : entryId, granted);
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
        return wasi.get();
    }

    public IoBudget budget() {
        return budget.get();
    }

    /** The addresses the guest resolved, each with the names it resolved to it (mutable, thread safe). */
    public Map<InetAddress, Set<String>> resolvedNames() {
        return resolvedNames;
    }
}
