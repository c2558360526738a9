package ai.wippy.wasi.p2.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.wasi.p2.IoBudget;
import ai.wippy.wasi.p2.StreamException;
import ai.wippy.wasm.IoLimits;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The buffer budget across one instance's TCP streams, driven from Java: read-ahead stops at half
 * the budget while the guest does not read (so a writer keeps room), resumes as it reads, and
 * loses nothing; sockets beyond the budget's count are refused until one closes.
 */
class SocketBudgetTest {

    private static final int SENT = 64 * 1024;

    @Test
    void readAheadStaysWithinHalfTheBudgetAndEveryByteArrives() throws Exception {
        IoBudget budget =
                new IoBudget("app:proc", new IoLimits(4, Duration.ofSeconds(30), 8192), new IoBudget.Refusals());
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                TcpSocket client =
                        new TcpSocket(SocketStateMachineTest.V4, SocketStateMachineTest.policy("127.0.0.1"), budget)) {
            client.startConnect(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
                    SocketStateMachineTest.V4);
            Socket peer = server.accept();
            SocketStateMachineTest.await(client.subscribe());
            TcpSocket.Streams streams = client.finishConnect();
            Thread.ofVirtual().start(() -> {
                try (peer;
                        OutputStream out = peer.getOutputStream()) {
                    out.write(new byte[SENT]);
                } catch (java.io.IOException ignored) {
                    // the test ended
                }
            });
            // wait until the read-ahead has filled its half of the budget
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (budget.buffered() < 4096 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(budget.buffered()).as("read ahead: half the budget").isEqualTo(4096);
            assertThat(streams.output().checkWrite())
                    .as("a writer still has the other half")
                    .isEqualTo(4096);
            assertThat(streams.output().subscribe().ready()).isTrue();

            long read = 0;
            while (true) {
                try {
                    byte[] chunk = streams.input().blockingRead(1000);
                    read += chunk.length;
                    assertThat(budget.buffered()).isLessThanOrEqualTo(4096);
                } catch (StreamException e) {
                    assertThat(e.isClosed()).isTrue();
                    break;
                }
            }
            assertThat(read).as("nothing lost to the budget").isEqualTo(SENT);
            assertThat(budget.buffered()).isZero();
        }
    }

    @Test
    void socketsPastTheCountAreRefusedUntilOneCloses() throws Exception {
        IoBudget budget = new IoBudget("app:proc", new IoLimits(2, null, 8192), new IoBudget.Refusals());
        TcpSocket a = new TcpSocket(SocketStateMachineTest.V4, SocketStateMachineTest.policy(), budget);
        UdpSocket b = new UdpSocket(SocketStateMachineTest.V4, SocketStateMachineTest.policy(), budget);
        try {
            new TcpSocket(SocketStateMachineTest.V4, SocketStateMachineTest.policy(), budget);
            throw new AssertionError("a third socket was opened");
        } catch (SocketError e) {
            assertThat(e.code()).isEqualTo(ErrorCode.NEW_SOCKET_LIMIT);
        }
        a.close();
        a.close();
        assertThat(budget.openSockets()).as("closing twice gives back one").isEqualTo(1);
        new TcpSocket(SocketStateMachineTest.V4, SocketStateMachineTest.policy(), budget).close();
        b.close();
        assertThat(budget.openSockets()).isZero();
    }
}
