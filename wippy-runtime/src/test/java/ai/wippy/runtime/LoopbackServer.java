package ai.wippy.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on a free loopback port for tests of outgoing requests: one path, answered by a
 * {@link Handler}, every request to it counted ({@link #hits()}); {@link #close()} stops it.
 */
public final class LoopbackServer implements AutoCloseable {

    /** What the server answers a request with. */
    public record Reply(int status, Map<String, String> headers, byte[] body) {}

    /** Makes the reply to one request (it may read the request's body and headers). */
    @FunctionalInterface
    public interface Handler {
        Reply answer(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final String path;
    private final AtomicInteger hits = new AtomicInteger();

    private LoopbackServer(String path, Handler handler) throws IOException {
        this.path = path;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(path, exchange -> {
            hits.incrementAndGet();
            Reply reply = handler.answer(exchange);
            reply.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            exchange.getResponseBody().write(reply.body());
            exchange.close();
        });
        server.start();
    }

    /** A server answering requests to {@code path} with what {@code handler} makes of them. */
    public static LoopbackServer start(String path, Handler handler) throws IOException {
        return new LoopbackServer(path, handler);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url() {
        return "http://127.0.0.1:" + port() + path;
    }

    /** How many requests reached the path so far. */
    public int hits() {
        return hits.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
