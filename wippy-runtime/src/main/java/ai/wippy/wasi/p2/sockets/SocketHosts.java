package ai.wippy.wasi.p2.sockets;

import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostInterface;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.component.host.WitInterface;
import ai.wippy.wasi.p2.InputResource;
import ai.wippy.wasi.p2.IoBudget;
import ai.wippy.wasi.p2.IoError;
import ai.wippy.wasi.p2.OutputResource;
import ai.wippy.wasi.p2.Pollable;
import java.util.List;

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
                ReflectiveHostInterface.perInstance(TcpCreateSocket.class, TcpCreateSocket::new),
                ReflectiveHostInterface.of(new Tcp()),
                ReflectiveHostInterface.perInstance(UdpCreateSocket.class, UdpCreateSocket::new),
                ReflectiveHostInterface.of(new Udp()),
                ReflectiveHostInterface.of(new NameLookup()));
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

    /** What both create-socket interfaces hold per instance: new sockets obey its policy and count against its budget. */
    abstract static class CreateSocket {
        final SocketPolicy policy;
        final IoBudget budget;

        CreateSocket(HostBinding b) {
            this.policy = SocketPolicy.of(b);
            this.budget = IoBudget.of(b);
        }
    }

    /** {@code wasi:sockets/tcp-create-socket}. */
    @WitInterface(value = "wasi:sockets/tcp-create-socket", uses = TcpSocketResource.class)
    public static final class TcpCreateSocket extends CreateSocket {
        TcpCreateSocket(HostBinding b) {
            super(b);
        }

        public TcpSocketResource createTcpSocket(String addressFamily) throws SocketError {
            return new TcpSocketResource(new TcpSocket(IpAddresses.family(addressFamily), policy, budget));
        }
    }

    /** {@code wasi:sockets/tcp}: only the {@code tcp-socket} resource ({@link TcpSocketResource}). */
    @WitInterface(
            value = "wasi:sockets/tcp",
            resources = TcpSocketResource.class,
            uses = {Network.class, InputResource.class, OutputResource.class, Pollable.class})
    public static final class Tcp {}

    /** {@code wasi:sockets/udp-create-socket}. */
    @WitInterface(value = "wasi:sockets/udp-create-socket", uses = UdpSocketResource.class)
    public static final class UdpCreateSocket extends CreateSocket {
        UdpCreateSocket(HostBinding b) {
            super(b);
        }

        public UdpSocketResource createUdpSocket(String addressFamily) throws SocketError {
            return new UdpSocketResource(new UdpSocket(IpAddresses.family(addressFamily), policy, budget));
        }
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
