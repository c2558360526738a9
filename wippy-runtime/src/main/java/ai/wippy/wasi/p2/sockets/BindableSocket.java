package ai.wippy.wasi.p2.sockets;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;

/** The bind half of the socket state machine, the same for TCP and UDP sockets. */
interface BindableSocket {

    void startBind(InetSocketAddress local, StandardProtocolFamily addressFamily) throws SocketError;

    void finishBind() throws SocketError;
}
