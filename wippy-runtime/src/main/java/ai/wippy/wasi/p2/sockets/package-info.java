/**
 * {@code wasi:sockets} (WASI 0.2.x) for components: TCP over NIO2 asynchronous channels, UDP with
 * a virtual-thread receiver, name lookups on virtual threads. Guests wait through pollables that
 * park their virtual threads. Every instance is held to its entry's {@code wasi.allowed_hosts}
 * ({@link ai.wippy.wasi.p2.sockets.SocketPolicy}): outgoing connects, datagrams and lookups reach
 * allowed hosts only, binding and listening are limited to loopback unless the list contains
 * {@code 0.0.0.0} or {@code *}.
 */
package ai.wippy.wasi.p2.sockets;
