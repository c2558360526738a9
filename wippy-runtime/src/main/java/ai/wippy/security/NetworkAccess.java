package ai.wippy.security;

import ai.wippy.call.CallContext;
import ai.wippy.call.Decision;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network access as policy actions, Wippy's names, checked against the calling context's actor and
 * scope like every other action (see {@link AccessGuard#decide}): {@code http_client.request} on the
 * URL, {@code http_client.private_ip} as well when the target is a private address (loopback,
 * site-local, link-local, unique-local, unspecified), {@code socket.resolve} on a host name, {@code
 * socket.connect} on {@code host:port}, {@code socket.listen} on the bound {@code address:port}. The
 * Lua {@code http_client} module, {@code wasi:http}'s outgoing handler and {@code wasi:sockets} all
 * ask here; for WebAssembly the entry's {@code wasi.allowed_hosts} must allow the target too.
 */
public final class NetworkAccess {

    public static final String HTTP_REQUEST = "http_client.request";
    public static final String HTTP_PRIVATE_IP = "http_client.private_ip";
    public static final String SOCKET_RESOLVE = "socket.resolve";
    public static final String SOCKET_CONNECT = "socket.connect";
    public static final String SOCKET_LISTEN = "socket.listen";

    private static final Logger LOG = LoggerFactory.getLogger(NetworkAccess.class);

    private final AccessGuard guard;

    public NetworkAccess(AccessGuard guard) {
        this.guard = guard;
    }

    /**
     * Whether the current call's actor and scope may do {@code action} on {@code resource}; a denial
     * is logged with the entry, the actor and the action.
     */
    public boolean permits(String entryId, String action, String resource) {
        CallContext ctx = CallContext.current();
        Decision d = guard.decide(ctx, action, resource, Map.of());
        if (d == Decision.ALLOW) {
            return true;
        }
        LOG.warn(
                "{}: {} {} denied for {}: {}",
                entryId,
                action,
                resource,
                ctx.actor() == null
                        ? "an anonymous caller"
                        : "actor '" + ctx.actor().id() + "'",
                ctx.actor() == null || ctx.scope() == null
                        ? "the call has no actor or no scope"
                        : d == Decision.DENY ? "denied by policy" : "no policy allows it");
        return false;
    }

    /** Whether {@code address} is not on the public internet: {@code http_client.private_ip} covers it. */
    public static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isSiteLocalAddress()
                || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // fc00::/7, unique local
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return (first == 100 && second >= 64 && second < 128) // 100.64.0.0/10, carrier-grade NAT
                || (first == 169 && second == 254)
                || first == 0;
    }
}
