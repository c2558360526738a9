package ai.wippy.wasi.p2.sockets;

import ai.wippy.value.VariantValue;
import ai.wippy.wasi.p2.FuturePollable;
import ai.wippy.wasi.p2.Pollable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The host object behind a {@code wasi:sockets/ip-name-lookup.resolve-address-stream}. An IP
 * literal resolves to itself at once; a name is looked up with {@link InetAddress#getAllByName} on
 * its own virtual thread, never on the guest's, and every address found is remembered in the
 * {@link SocketPolicy} under the name, so a later connect to it is judged by the name.
 */
public final class ResolveAddressStream implements AutoCloseable {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+(%[0-9A-Za-z]+)?");
    private static final Pattern NAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");

    private final CompletableFuture<List<InetAddress>> addresses;
    private final Thread lookup;
    private int next;

    private ResolveAddressStream(CompletableFuture<List<InetAddress>> addresses, Thread lookup) {
        this.addresses = addresses;
        this.lookup = lookup;
    }

    /** Starts resolving {@code name}; a malformed name is {@code invalid-argument}, a name the policy forbids {@code access-denied}. */
    public static ResolveAddressStream start(String name, SocketPolicy policy) throws SocketError {
        String n = name.trim();
        if (n.startsWith("[") && n.endsWith("]")) {
            n = n.substring(1, n.length() - 1);
        }
        if (IPV4.matcher(n).matches() || (n.contains(":") && IPV6.matcher(n).matches())) {
            try {
                // a literal: no lookup happens
                InetAddress literal = InetAddress.getByName(n);
                return new ResolveAddressStream(CompletableFuture.completedFuture(List.of(literal)), null);
            } catch (UnknownHostException e) {
                throw new SocketError(ErrorCode.INVALID_ARGUMENT, "'" + name + "' is not a valid IP address");
            }
        }
        if (!NAME.matcher(n).matches()) {
            throw new SocketError(ErrorCode.INVALID_ARGUMENT, "'" + name + "' is not a valid host name");
        }
        String host = n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
        policy.checkLookup(host);
        CompletableFuture<List<InetAddress>> result = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().name("wasi-name-lookup").start(() -> {
            try {
                InetAddress[] found = InetAddress.getAllByName(host);
                for (InetAddress a : found) {
                    policy.remember(a, host.toLowerCase(Locale.ROOT));
                }
                result.complete(List.of(found));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return new ResolveAddressStream(result, t);
    }

    /** {@code [method]resolve-address-stream.resolve-next-address}: the next {@code ip-address}, none (null) after the last. */
    public VariantValue resolveNextAddress() throws SocketError {
        InetAddress a = next();
        return a == null ? null : IpAddresses.addressValue(a);
    }

    /** The next address, null after the last; {@code would-block} while the lookup runs. */
    public synchronized InetAddress next() throws SocketError {
        if (!addresses.isDone()) {
            throw new SocketError(ErrorCode.WOULD_BLOCK, "the lookup is still running");
        }
        List<InetAddress> all;
        try {
            all = addresses.join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            ErrorCode code = !(cause instanceof UnknownHostException)
                    ? ErrorCode.PERMANENT_RESOLVER_FAILURE
                    : message.contains("temporary")
                            ? ErrorCode.TEMPORARY_RESOLVER_FAILURE
                            : ErrorCode.NAME_UNRESOLVABLE;
            throw new SocketError(code, String.valueOf(cause.getMessage()));
        }
        return next < all.size() ? all.get(next++) : null;
    }

    public Pollable subscribe() {
        return new FuturePollable(addresses);
    }

    @Override
    public void close() {
        if (lookup != null && !addresses.isDone()) {
            lookup.interrupt();
        }
    }
}
