package ai.wippy.wasi.p2.sockets;

import ai.wippy.component.host.WitResource;
import ai.wippy.wasi.p2.Pollable;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The host object behind a {@code wasi:sockets/udp.outgoing-datagram-stream}. Sends go straight to
 * the channel, so {@code check-send} always permits a batch and {@code subscribe} is always ready.
 */
@WitResource("outgoing-datagram-stream")
public final class OutgoingDatagrams {

    /** How many datagrams one {@code send} may carry. */
    static final long BATCH = 64;

    private final UdpSocket socket;
    private final int generation;

    OutgoingDatagrams(UdpSocket socket, int generation) {
        this.socket = socket;
        this.generation = generation;
    }

    /** How many datagrams the next send may carry. */
    public long checkSend() throws SocketError {
        socket.requireCurrent(generation);
        return BATCH;
    }

    /**
     * Sends {@code outgoing-datagram} records in order; returns how many went out. A failure on the
     * first is returned as its error; on a later one the count so far is returned.
     */
    public long send(List<?> datagrams) throws SocketError {
        socket.requireCurrent(generation);
        long sent = 0;
        for (Object d : datagrams) {
            if (sent == BATCH) {
                break;
            }
            Map<?, ?> record = (Map<?, ?>) d;
            byte[] data = (byte[]) record.get("data");
            Object address = record.get("remote-address");
            InetSocketAddress to = address == null ? null : IpAddresses.socketAddress(address);
            try {
                socket.send(generation, data, to, address == null ? null : IpAddresses.familyOfValue(address));
            } catch (SocketError e) {
                if (sent == 0) {
                    throw e;
                }
                return sent;
            }
            sent++;
        }
        return sent;
    }

    public Pollable subscribe() {
        return Pollable.readyNow();
    }
}
