package ai.wippy.wasi.p2.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wasi.p2.IoBudget;
import ai.wippy.wasi.p2.StreamException;
import ai.wippy.wasm.IoLimits;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outgoing {@code wasi:http} exchanges under a process's {@link IoBudget}: each holds one of its
 * {@code max_open_sockets} until it ends ({@code connection-limit-reached} beyond), and a response
 * the request's options do not bound waits at most {@code socket_timeout_ms}.
 */
class OutgoingHttpBudgetTest {

    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hold", x -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "held".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.createContext("/quick", x -> {
            byte[] body = "quick".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.createContext("/count", x -> {
            byte[] body =
                    String.valueOf(x.getRequestBody().readAllBytes().length).getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private String authority() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private final IoBudget.Refusals refusals = new IoBudget.Refusals();

    private IoBudget budget(int sockets, long timeoutMs) {
        return new IoBudget("app:proc", new IoLimits(sockets, Duration.ofMillis(timeoutMs), 1 << 20), refusals);
    }

    private ResultValue send(IoBudget budget, String path) throws Exception {
        return OutgoingExchange.start(
                OutgoingHttpTest.allowing("127.0.0.1"), OutgoingHttpTest.request(authority(), path), null, budget);
    }

    private static String readAll(IncomingResponse response) throws Exception {
        BodyInput in = response.consume().stream();
        StringBuilder text = new StringBuilder();
        try {
            while (true) {
                text.append(new String(in.blockingRead(1024), StandardCharsets.UTF_8));
            }
        } catch (StreamException e) {
            assertThat(e.isClosed()).as("the body ended, not failed").isTrue();
        }
        return text.toString();
    }

    @Test
    void anExchangeHoldsOneSocketUntilItEndsAndTheNextBeyondTheLimitIsRefused() throws Exception {
        IoBudget budget = budget(1, 30_000);
        ResultValue first = send(budget, "/hold");
        assertThat(first.ok()).isTrue();
        assertThat(budget.openSockets()).isEqualTo(1);

        ResultValue second = send(budget, "/quick");
        assertThat(second.ok()).isFalse();
        assertThat(second.value()).isEqualTo(new VariantValue("connection-limit-reached", null));
        assertThat(refusals.get(IoBudget.Refusal.SOCKETS)).isEqualTo(1);

        release.countDown();
        IncomingResponse response = (IncomingResponse) OutgoingHttpTest.outcome(first);
        assertThat(readAll(response)).isEqualTo("held");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (budget.openSockets() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(budget.openSockets())
                .as("the ended exchange gave its socket back")
                .isZero();

        IncomingResponse third = (IncomingResponse) OutgoingHttpTest.outcome(send(budget, "/quick"));
        assertThat(readAll(third)).isEqualTo("quick");
    }

    @Test
    void aRequestBodyWriteBeyondHostBufferBytesIsRefusedAndOneWithinItIsSent() throws Exception {
        IoBudget budget = new IoBudget("app:proc", new IoLimits(4, Duration.ofSeconds(30), 1024), refusals);
        OutgoingRequest request = OutgoingHttpTest.request(authority(), "/count");
        OutgoingBody body = request.takeBody(budget);
        ResultValue started = OutgoingExchange.start(OutgoingHttpTest.allowing("127.0.0.1"), request, null, budget);
        BodyOutput out = body.stream();
        assertThat(out.checkWrite()).as("no more than the budget").isEqualTo(1024);
        try {
            out.write(new byte[2000]);
            throw new AssertionError("a write past host_buffer_bytes was queued");
        } catch (StreamException e) {
            assertThat(e.isClosed()).isFalse();
            assertThat(e.getMessage()).contains("write of 2000 bytes refused: limits.host_buffer_bytes (1024)");
            assertThat(e.error().cause())
                    .isEqualTo(new HttpErrors.HttpError(new VariantValue("HTTP-request-body-size", null)));
        }
        assertThat(refusals.get(IoBudget.Refusal.BUFFERS)).isEqualTo(1);
        out.write(new byte[1000]);
        body.finish();
        IncomingResponse response = (IncomingResponse) OutgoingHttpTest.outcome(started);
        assertThat(readAll(response))
                .as("the server got the 1000 bytes, none of the refused")
                .isEqualTo("1000");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (budget.buffered() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(budget.buffered()).as("sent bytes go back to the budget").isZero();
    }

    @Test
    void aResponseSlowerThanSocketTimeoutFailsWithATimeoutCode() throws Exception {
        IoBudget budget = budget(4, 300);
        IncomingResponse quick = (IncomingResponse) OutgoingHttpTest.outcome(send(budget, "/quick"));
        assertThat(readAll(quick)).isEqualTo("quick");

        Object slow = OutgoingHttpTest.outcome(send(budget, "/hold"));
        assertThat(slow).isEqualTo(new VariantValue("HTTP-response-timeout", null));
        assertThat(refusals.get(IoBudget.Refusal.TIMEOUTS)).isEqualTo(1);
    }
}
