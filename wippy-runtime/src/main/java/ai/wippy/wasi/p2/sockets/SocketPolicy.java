package ai.wippy.wasi.p2.sockets;

import ai.wippy.component.host.HostBinding;
import ai.wippy.wasi.WasiSettings;
import ai.wippy.wasi.p2.WasiState;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one component instance may reach through {@code wasi:sockets}, from its entry's
 * {@code wasi.allowed_hosts}:
 *
 * <ul>
 *   <li>a connect or a UDP send reaches an address only when the list allows its IP literal, or a
 *       name the guest resolved to that address through {@code ip-name-lookup} on this instance;
 *   <li>a name lookup is allowed when the list allows the name on some port;
 *   <li>binding (and so listening or receiving) is allowed on loopback addresses only, unless the
 *       list contains {@code 0.0.0.0} or {@code *}.
 * </ul>
 *
 * Anything else fails with {@code access-denied} and a warning naming the entry and the host.
 */
public final class SocketPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(SocketPolicy.class);

    private final WasiSettings settings;
    private final WasiSettings anyPort;
    private final boolean bindAnywhere;
    private final Map<InetAddress, Set<String>> resolvedNames;

    /** A policy with its own memory of resolved names. */
    public SocketPolicy(WasiSettings settings) {
        this(settings, new ConcurrentHashMap<>());
    }

    /**
     * A policy over {@code settings} that records and reads resolved names in {@code resolvedNames}
     * (the instance's, see {@link WasiState#resolvedNames()}, so every policy of one instance agrees).
     */
    public SocketPolicy(WasiSettings settings, Map<InetAddress, Set<String>> resolvedNames) {
        this.resolvedNames = resolvedNames;
        this.settings = settings;
        List<String> hostsOnly = new ArrayList<>();
        for (String p : settings.allowedHosts()) {
            int colon = p.lastIndexOf(':');
            boolean hasPort = colon > 0 && p.indexOf(':') == colon;
            hostsOnly.add(hasPort ? p.substring(0, colon) : p);
        }
        this.anyPort = new WasiSettings(
                settings.entryId(),
                settings.granted(),
                settings.args(),
                settings.cwd(),
                settings.env(),
                settings.mounts(),
                List.copyOf(hostsOnly),
                settings.network());
        this.bindAnywhere = settings.allowedHosts().stream().anyMatch(p -> p.equals("*") || p.equals("0.0.0.0"));
    }

    /** The policy of the instance a host interface is bound to (its settings, its resolved names). */
    public static SocketPolicy of(HostBinding binding) {
        WasiState state = WasiState.of(binding);
        return new SocketPolicy(state.wasi().settings(), state.resolvedNames());
    }

    /** Records that the guest resolved {@code name} to {@code address}, so connects to it count as to the name. */
    void remember(InetAddress address, String name) {
        resolvedNames
                .computeIfAbsent(withoutName(address), a -> ConcurrentHashMap.newKeySet())
                .add(name);
    }

    /** Outgoing connects and datagrams. */
    void checkRemote(InetAddress address, int port, String what) throws SocketError {
        String target = address.getHostAddress() + ":" + port;
        if (!settings.permits(ai.wippy.security.NetworkAccess.SOCKET_CONNECT, target)) {
            throw denyByPolicy(ai.wippy.security.NetworkAccess.SOCKET_CONNECT, target);
        }
        if (settings.allowsHost(address.getHostAddress(), port)) {
            return;
        }
        for (String name : resolvedNames.getOrDefault(withoutName(address), Set.of())) {
            if (settings.allowsHost(name, port)) {
                return;
            }
        }
        throw deny(what, address.getHostAddress() + ":" + port);
    }

    /** Name lookups. */
    void checkLookup(String name) throws SocketError {
        if (!settings.permits(ai.wippy.security.NetworkAccess.SOCKET_RESOLVE, name)) {
            throw denyByPolicy(ai.wippy.security.NetworkAccess.SOCKET_RESOLVE, name);
        }
        if (!anyPort.allowsHost(name, 0)) {
            throw deny("name lookup of", name);
        }
    }

    /** Binding a local address (for listening, receiving datagrams, or a chosen local port). */
    void checkBind(InetAddress address, int port, String what) throws SocketError {
        String local = address.getHostAddress() + ":" + port;
        if (!settings.permits(ai.wippy.security.NetworkAccess.SOCKET_LISTEN, local)) {
            throw denyByPolicy(ai.wippy.security.NetworkAccess.SOCKET_LISTEN, local);
        }
        if (!address.isLoopbackAddress() && !bindAnywhere) {
            throw deny(
                    what + " (only loopback unless wasi.allowed_hosts lists 0.0.0.0 or *)", address.getHostAddress());
        }
    }

    private SocketError denyByPolicy(String action, String resource) {
        return new SocketError(
                ErrorCode.ACCESS_DENIED,
                action + " " + resource + " is not allowed by the caller's policies (" + settings.entryId() + ")");
    }

    private SocketError deny(String what, String host) {
        LOG.warn("entry {}: wasi:sockets {} {} denied: not in wasi.allowed_hosts", settings.entryId(), what, host);
        return new SocketError(
                ErrorCode.ACCESS_DENIED, what + " " + host + " is not allowed for " + settings.entryId());
    }

    private static InetAddress withoutName(InetAddress a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (java.net.UnknownHostException e) {
            return a;
        }
    }
}
