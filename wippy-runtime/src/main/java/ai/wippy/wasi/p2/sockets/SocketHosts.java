package ai.wippy.wasi.p2.sockets;

import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostFunction;
import ai.wippy.component.host.HostInterface;
import ai.wippy.wasi.p2.IoError;
import ai.wippy.wasi.p2.Resources;
import java.net.InetAddress;
import java.util.List;

/**
 * The {@code wasi:sockets} interfaces: {@code network}, {@code instance-network},
 * {@code tcp-create-socket}, {@code tcp}, {@code udp-create-socket}, {@code udp} and
 * {@code ip-name-lookup}. Socket objects live in the instance's handle table and are closed when
 * the guest drops them or the instance is discarded. What an instance may reach is its entry's
 * {@code wasi.allowed_hosts} (see {@link SocketPolicy}): connects, datagrams and lookups go only to
 * allowed hosts, and binding only to loopback unless the list contains {@code 0.0.0.0} or {@code *}.
 */
public final class SocketHosts {

    private SocketHosts() {}

    /** Every {@code wasi:sockets} interface. */
    public static List<HostInterface> all() {
        return List.of(
                new NetworkHost(),
                new InstanceNetworkHost(),
                new TcpCreateSocketHost(),
                new TcpHost(),
                new UdpCreateSocketHost(),
                new UdpHost(),
                new NameLookupHost());
    }

    /** {@code wasi:sockets/network}: the network resource and, for errors of its streams, their code. */
    static final class NetworkHost extends SocketHost {
        NetworkHost() {
            super("wasi:sockets/network");
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            return switch (function) {
                case "network-error-code" ->
                    args -> Resources.borrow(b, args.get(0), IoError.class).cause() instanceof ErrorCode code
                            ? code.witName()
                            : null;
                default -> null;
            };
        }
    }

    /** {@code wasi:sockets/instance-network}: the instance's network, limited by its policy. */
    static final class InstanceNetworkHost extends SocketHost {
        InstanceNetworkHost() {
            super("wasi:sockets/instance-network");
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            return function.equals("instance-network")
                    ? args -> Resources.own(b, "network", new Network(SocketPolicy.of(b)))
                    : null;
        }
    }

    /** {@code wasi:sockets/tcp-create-socket}. */
    static final class TcpCreateSocketHost extends SocketHost {
        TcpCreateSocketHost() {
            super("wasi:sockets/tcp-create-socket");
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            return function.equals("create-tcp-socket")
                    ? args -> result(() -> Resources.own(
                            b,
                            "tcp-socket",
                            new TcpSocket(
                                    IpAddresses.family(args.get(0)),
                                    SocketPolicy.of(b),
                                    ai.wippy.wasi.p2.IoBudget.of(b))))
                    : null;
        }
    }

    /** {@code wasi:sockets/udp-create-socket}. */
    static final class UdpCreateSocketHost extends SocketHost {
        UdpCreateSocketHost() {
            super("wasi:sockets/udp-create-socket");
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            return function.equals("create-udp-socket")
                    ? args -> result(() -> Resources.own(
                            b,
                            "udp-socket",
                            new UdpSocket(
                                    IpAddresses.family(args.get(0)),
                                    SocketPolicy.of(b),
                                    ai.wippy.wasi.p2.IoBudget.of(b))))
                    : null;
        }
    }

    /** {@code wasi:sockets/tcp}: the {@code tcp-socket} resource. */
    static final class TcpHost extends SocketHost {
        TcpHost() {
            super("wasi:sockets/tcp");
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            if (!function.startsWith("[method]tcp-socket.")) {
                return null;
            }
            String method = function.substring("[method]tcp-socket.".length());
            return switch (method) {
                case "start-bind" -> startBind(b, TcpSocket.class);
                case "finish-bind" -> finishBind(b, TcpSocket.class);
                case "start-connect" ->
                    args -> result(() -> {
                        network(b, args.get(1));
                        socket(b, args)
                                .startConnect(
                                        IpAddresses.socketAddress(args.get(2)), IpAddresses.familyOfValue(args.get(2)));
                        return null;
                    });
                case "finish-connect" ->
                    args -> result(() -> streams(b, socket(b, args).finishConnect()));
                case "start-listen" ->
                    args -> result(() -> {
                        socket(b, args).startListen();
                        return null;
                    });
                case "finish-listen" ->
                    args -> result(() -> {
                        socket(b, args).finishListen();
                        return null;
                    });
                case "accept" ->
                    args -> result(() -> {
                        TcpSocket.Accepted a = socket(b, args).accept();
                        return List.of(
                                Resources.own(b, "tcp-socket", a.socket()),
                                Resources.own(b, "input-stream", a.streams().input()),
                                Resources.own(b, "output-stream", a.streams().output()));
                    });
                case "local-address" ->
                    args -> result(
                            () -> IpAddresses.socketAddressValue(socket(b, args).localAddress()));
                case "remote-address" ->
                    args -> result(
                            () -> IpAddresses.socketAddressValue(socket(b, args).remoteAddress()));
                case "is-listening" -> args -> socket(b, args).isListening();
                case "address-family" ->
                    args -> IpAddresses.familyName(socket(b, args).family());
                case "set-listen-backlog-size" ->
                    args -> result(() -> {
                        socket(b, args).setListenBacklogSize(number(args.get(1)));
                        return null;
                    });
                case "keep-alive-enabled" ->
                    args -> result(() -> socket(b, args).keepAliveEnabled());
                case "set-keep-alive-enabled" ->
                    args -> result(() -> {
                        socket(b, args).setKeepAliveEnabled((Boolean) args.get(1));
                        return null;
                    });
                case "keep-alive-idle-time" ->
                    args -> result(() -> socket(b, args).keepAliveIdleTime());
                case "set-keep-alive-idle-time" ->
                    args -> result(() -> {
                        socket(b, args).setKeepAliveIdleTime(number(args.get(1)));
                        return null;
                    });
                case "keep-alive-interval" ->
                    args -> result(() -> socket(b, args).keepAliveInterval());
                case "set-keep-alive-interval" ->
                    args -> result(() -> {
                        socket(b, args).setKeepAliveInterval(number(args.get(1)));
                        return null;
                    });
                case "keep-alive-count" -> args -> result(() -> socket(b, args).keepAliveCount());
                case "set-keep-alive-count" ->
                    args -> result(() -> {
                        socket(b, args).setKeepAliveCount(number(args.get(1)));
                        return null;
                    });
                case "hop-limit" -> args -> result(() -> socket(b, args).hopLimit());
                case "set-hop-limit" ->
                    args -> result(() -> {
                        socket(b, args).setHopLimit((int) number(args.get(1)));
                        return null;
                    });
                case "receive-buffer-size" ->
                    args -> result(() -> socket(b, args).receiveBufferSize());
                case "set-receive-buffer-size" ->
                    args -> result(() -> {
                        socket(b, args).setReceiveBufferSize(number(args.get(1)));
                        return null;
                    });
                case "send-buffer-size" -> args -> result(() -> socket(b, args).sendBufferSize());
                case "set-send-buffer-size" ->
                    args -> result(() -> {
                        socket(b, args).setSendBufferSize(number(args.get(1)));
                        return null;
                    });
                case "subscribe" ->
                    args -> Resources.own(b, "pollable", socket(b, args).subscribe());
                case "shutdown" ->
                    args -> result(() -> {
                        socket(b, args).shutdown(String.valueOf(args.get(1)));
                        return null;
                    });
                default -> null;
            };
        }

        private static TcpSocket socket(HostBinding b, List<Object> args) {
            return Resources.borrow(b, args.get(0), TcpSocket.class);
        }

        private static List<Object> streams(HostBinding b, TcpSocket.Streams s) {
            return List.of(Resources.own(b, "input-stream", s.input()), Resources.own(b, "output-stream", s.output()));
        }
    }

    /** {@code wasi:sockets/udp}: {@code udp-socket} and its datagram streams. */
    static final class UdpHost extends SocketHost {
        UdpHost() {
            super("wasi:sockets/udp");
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            return switch (function) {
                case "[method]udp-socket.start-bind" -> startBind(b, UdpSocket.class);
                case "[method]udp-socket.finish-bind" -> finishBind(b, UdpSocket.class);
                case "[method]udp-socket.stream" ->
                    args -> result(() -> {
                        Object remote = args.get(1);
                        UdpSocket.Streams s = socket(b, args).stream(
                                remote == null ? null : IpAddresses.socketAddress(remote),
                                remote == null ? null : IpAddresses.familyOfValue(remote));
                        return List.of(
                                Resources.own(b, "incoming-datagram-stream", s.incoming()),
                                Resources.own(b, "outgoing-datagram-stream", s.outgoing()));
                    });
                case "[method]udp-socket.local-address" ->
                    args -> result(
                            () -> IpAddresses.socketAddressValue(socket(b, args).localAddress()));
                case "[method]udp-socket.remote-address" ->
                    args -> result(
                            () -> IpAddresses.socketAddressValue(socket(b, args).remoteAddress()));
                case "[method]udp-socket.address-family" ->
                    args -> IpAddresses.familyName(socket(b, args).family());
                case "[method]udp-socket.unicast-hop-limit" ->
                    args -> result(() -> socket(b, args).unicastHopLimit());
                case "[method]udp-socket.set-unicast-hop-limit" ->
                    args -> result(() -> {
                        socket(b, args).setUnicastHopLimit((int) number(args.get(1)));
                        return null;
                    });
                case "[method]udp-socket.receive-buffer-size" ->
                    args -> result(() -> socket(b, args).receiveBufferSize());
                case "[method]udp-socket.set-receive-buffer-size" ->
                    args -> result(() -> {
                        socket(b, args).setReceiveBufferSize(number(args.get(1)));
                        return null;
                    });
                case "[method]udp-socket.send-buffer-size" ->
                    args -> result(() -> socket(b, args).sendBufferSize());
                case "[method]udp-socket.set-send-buffer-size" ->
                    args -> result(() -> {
                        socket(b, args).setSendBufferSize(number(args.get(1)));
                        return null;
                    });
                case "[method]udp-socket.subscribe" ->
                    args -> Resources.own(b, "pollable", ai.wippy.wasi.p2.Pollable.readyNow());
                case "[method]incoming-datagram-stream.receive" ->
                    args -> result(() -> Resources.borrow(b, args.get(0), IncomingDatagrams.class)
                            .receive(number(args.get(1))));
                case "[method]incoming-datagram-stream.subscribe" ->
                    args -> Resources.own(
                            b,
                            "pollable",
                            Resources.borrow(b, args.get(0), IncomingDatagrams.class)
                                    .subscribe());
                case "[method]outgoing-datagram-stream.check-send" ->
                    args -> result(() -> Resources.borrow(b, args.get(0), OutgoingDatagrams.class)
                            .checkSend());
                case "[method]outgoing-datagram-stream.send" ->
                    args -> result(() -> Resources.borrow(b, args.get(0), OutgoingDatagrams.class)
                            .send((List<?>) args.get(1)));
                case "[method]outgoing-datagram-stream.subscribe" ->
                    args -> Resources.own(
                            b,
                            "pollable",
                            Resources.borrow(b, args.get(0), OutgoingDatagrams.class)
                                    .subscribe());
                default -> null;
            };
        }

        private static UdpSocket socket(HostBinding b, List<Object> args) {
            return Resources.borrow(b, args.get(0), UdpSocket.class);
        }
    }

    /** {@code wasi:sockets/ip-name-lookup}. */
    static final class NameLookupHost extends SocketHost {
        NameLookupHost() {
            super("wasi:sockets/ip-name-lookup");
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            return switch (function) {
                case "resolve-addresses" ->
                    args -> result(() -> {
                        Network network = network(b, args.get(0));
                        return Resources.own(
                                b,
                                "resolve-address-stream",
                                ResolveAddressStream.start((String) args.get(1), network.policy()));
                    });
                case "[method]resolve-address-stream.resolve-next-address" ->
                    args -> result(() -> {
                        InetAddress next = Resources.borrow(b, args.get(0), ResolveAddressStream.class)
                                .next();
                        return next == null ? null : IpAddresses.addressValue(next);
                    });
                case "[method]resolve-address-stream.subscribe" ->
                    args -> Resources.own(
                            b,
                            "pollable",
                            Resources.borrow(b, args.get(0), ResolveAddressStream.class)
                                    .subscribe());
                default -> null;
            };
        }
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
