package ai.wippy.wasi.p2.sockets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loopback servers the socket tests talk to: a TCP server sending back what it reads (counting its
 * connections) and a UDP server answering each datagram with {@code udp:} and its payload, until closed.
 * A test holds one in an {@code @AutoClose} field: a fresh pair for each test method.
 */
final class EchoServers implements AutoCloseable {

    final ServerSocket tcp;
    final DatagramSocket udp;
    final AtomicInteger tcpConnections = new AtomicInteger();

    EchoServers() {
        try {
            tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("tcp-echo").start(() -> {
            while (!tcp.isClosed()) {
                try {
                    Socket s = tcp.accept();
                    tcpConnections.incrementAndGet();
                    Thread.ofPlatform().daemon().start(() -> echo(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
        Thread.ofPlatform().daemon().name("udp-echo").start(() -> {
            byte[] buffer = new byte[2048];
            while (!udp.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                    udp.receive(p);
                    byte[] reply = ("udp:" + new String(p.getData(), 0, p.getLength())).getBytes();
                    udp.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private static void echo(Socket s) {
        try (s;
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the client went away
        }
    }

    /** A registry entry: {@code method} of the sockets fixture (under the {@code fixtures} folder entry). */
    static String entry(String name, String method, String imports, String allowedHosts) {
        return """
                  - name: %s
                    kind: function.wasm
                    fs: fixtures
                    path: wasi-sockets/sockets.wasm
                    method: %s
                    imports: [%s]
                    wasi: { allowed_hosts: [%s] }
                """.formatted(name, method, imports, allowedHosts);
    }

    @Override
    public void close() throws IOException {
        tcp.close();
        udp.close();
    }
}
