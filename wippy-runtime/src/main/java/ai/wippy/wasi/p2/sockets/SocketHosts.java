package ai.wippy.wasi.p2.sockets;

import ai.wippy.component.host.HostInterface;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.component.host.WitInterface;
import ai.wippy.wasi.p2.InputResource;
import ai.wippy.wasi.p2.IoBudget;
import ai.wippy.wasi.p2.IoError;
import ai.wippy.wasi.p2.OutputResource;
import ai.wippy.wasi.p2.Pollable;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The {@code wasi:sockets} interfaces: {@code network}, {@code instance-network},
 * {@code tcp-create-socket}, {@code tcp}, {@code udp-create-socket}, {@code udp} and
 * {@code ip-name-lookup}, each a typed {@link WitInterface} host checked against the component's
 * WIT when it is linked. The resources' methods are those of {@link TcpSocketResource}, {@link
 * UdpSocketResource}, {@link IncomingDatagrams}, {@link OutgoingDatagrams} and {@link
 * ResolveAddressStream}. Socket objects live in the instance's handle table and are closed when
 * the guest drops them or the instance is discarded. What an instance may reach is its entry's
 * {@code wasi.allowed_hosts} (see {@link SocketPolicy}): connects, datagrams and lookups go only to
 * allowed hosts, and binding only to loopback unless the list contains {@code 0.0.0.0} or {@code *}.
 */
public final class SocketHosts {

    private SocketHosts() {}

    /** Every {@code wasi:sockets} interface. */
    public static List<HostInterface> all() {
        return List.of(
                ReflectiveHostInterface.of(new Networks()),
                ReflectiveHostInterface.perInstance(
                        InstanceNetwork.class, b -> new InstanceNetwork(SocketPolicy.of(b))),
                perInstance(
                        TcpCreateSocket.class,
                        (policy, budget) -> family ->
                                new TcpSocketResource(new TcpSocket(IpAddresses.family(family), policy, budget))),
                ReflectiveHostInterface.of(new Tcp()),
                perInstance(
                        UdpCreateSocket.class,
                        (policy, budget) -> family ->
                                new UdpSocketResource(new UdpSocket(IpAddresses.family(family), policy, budget))),
                ReflectiveHostInterface.of(new Udp()),
                ReflectiveHostInterface.of(new NameLookup()));
    }

    /** A create-socket interface, made per instance from the instance's socket policy and I/O budget. */
    private static <T> HostInterface perInstance(Class<T> type, BiFunction<SocketPolicy, IoBudget, T> create) {
        return ReflectiveHostInterface.perInstance(type, b -> create.apply(SocketPolicy.of(b), IoBudget.of(b)));
    }

    /** {@code wasi:sockets/network}: the network resource and, for errors of its streams, their code. */
    @WitInterface(value = "wasi:sockets/network", resources = Network.class, uses = IoError.class)
    public static final class Networks {

        /** {@code option<error-code>}: the code when a socket stream raised the error, else none (null). */
        public String networkErrorCode(IoError error) {
            return error.cause() instanceof ErrorCode code ? code.witName() : null;
        }
    }

    /** {@code wasi:sockets/instance-network}: the instance's network, limited by its policy. */
    @WitInterface(value = "wasi:sockets/instance-network", uses = Network.class)
    public static final class InstanceNetwork {
        private final SocketPolicy policy;

        InstanceNetwork(SocketPolicy policy) {
            this.policy = policy;
        }

        public Network instanceNetwork() {
            return new Network(policy);
        }
    }

    /**
     * {@code wasi:sockets/tcp-create-socket}; one per instance (a closure over the instance's policy
     * and budget): new sockets obey the policy and count against the budget.
     */
    @WitInterface(value = "wasi:sockets/tcp-create-socket", uses = TcpSocketResource.class)
    public interface TcpCreateSocket {
        TcpSocketResource createTcpSocket(String addressFamily) throws SocketError;
    }

    /** {@code wasi:sockets/tcp}: only the {@code tcp-socket} resource ({@link TcpSocketResource}). */
    @WitInterface(
            value = "wasi:sockets/tcp",
            resources = TcpSocketResource.class,
            uses = {Network.class, InputResource.class, OutputResource.class, Pollable.class})
    public static final class Tcp {}

    /** {@code wasi:sockets/udp-create-socket}; one per instance, as {@link TcpCreateSocket}. */
    @WitInterface(value = "wasi:sockets/udp-create-socket", uses = UdpSocketResource.class)
    public interface UdpCreateSocket {
        UdpSocketResource createUdpSocket(String addressFamily) throws SocketError;
    }

    /** {@code wasi:sockets/udp}: {@code udp-socket} and its datagram streams. */
    @WitInterface(
            value = "wasi:sockets/udp",
            resources = {UdpSocketResource.class, IncomingDatagrams.class, OutgoingDatagrams.class},
            uses = {Network.class, Pollable.class})
    public static final class Udp {}

    /** {@code wasi:sockets/ip-name-lookup}: lookups run off the guest's thread, judged by the network's policy. */
    @WitInterface(
            value = "wasi:sockets/ip-name-lookup",
            resources = ResolveAddressStream.class,
            uses = {Network.class, Pollable.class})
    public static final class NameLookup {

        public ResolveAddressStream resolveAddresses(Network network, String name) throws SocketError {
            return ResolveAddressStream.start(name, network.policy());
        }
    }
}
