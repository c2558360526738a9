package ai.wippy.wasi.p2.sockets;

import ai.wippy.component.host.WitResource;
import ai.wippy.wasi.p2.Pollable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The host object behind a {@code wasi:sockets/udp.incoming-datagram-stream}: reads the socket's queue. */
@WitResource("incoming-datagram-stream")
public final class IncomingDatagrams {

    private final UdpSocket socket;
    private final int generation;

    IncomingDatagrams(UdpSocket socket, int generation) {
        this.socket = socket;
        this.generation = generation;
    }

    /** Up to {@code max} datagrams that have arrived, as {@code incoming-datagram} records; empty when none yet. */
    public List<Map<String, Object>> receive(long max) throws SocketError {
        return socket.receive(generation, max).stream()
                .map(d -> {
                    Map<String, Object> record = new LinkedHashMap<>();
                    record.put("data", d.data());
                    record.put("remote-address", IpAddresses.socketAddressValue(d.from()));
                    return record;
                })
                .toList();
    }

    public Pollable subscribe() {
        return socket.subscribeIncoming(generation);
    }
}
