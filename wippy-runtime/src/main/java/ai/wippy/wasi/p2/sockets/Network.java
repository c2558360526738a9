package ai.wippy.wasi.p2.sockets;

/**
 * The host object behind a {@code wasi:sockets/network.network} handle: the instance's right to
 * use the network, limited by its {@link SocketPolicy}.
 */
public record Network(SocketPolicy policy) {}
