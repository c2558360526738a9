package ai.wippy.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.value.ResultValue;
import ai.wippy.wasi.p2.IoBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A process's I/O budgets ({@code limits.max_open_sockets}, {@code socket_timeout_ms}, {@code
 * host_buffer_bytes}) held by the io-budgets fixture process (src/test/fixtures/component/io-budgets,
 * see build.sh) against loopback servers this test runs: each allowed below its limit and refused
 * above it with the WASI error, counted in the program's refusals.
 */
class ProcessIoBudgetsTest {

    /** Accepts and keeps every connection; sends {@code greeting} (if any) and closes, or stays silent. */
    private ServerSocket server;

    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final AtomicLong drained = new AtomicLong();
    private volatile String greeting;

    @BeforeEach
    void startServer() throws IOException {
        server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("io-budgets-server").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    held.add(s);
                    Thread.ofPlatform().daemon().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void serve(Socket s) {
        try {
            String g = greeting;
            if (g != null) {
                try (s;
                        OutputStream out = s.getOutputStream()) {
                    out.write(g.getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            InputStream in = s.getInputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                drained.addAndGet(n);
            }
        } catch (IOException ignored) {
            // the process went away
        }
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
        for (Socket s : held) {
            s.close();
        }
    }

    private static WasmRegistry runtime(String method, String limits) {
        return TestRegistries.runtime(registry("proc", "process.wasm", method, """
                wasi: { allowed_hosts: ["127.0.0.1"] }
                options:
                  limits: { %s }
                """.formatted(limits)));
    }

    /** The registry of entry {@code io:name} of {@code kind} running the budgets fixture, with {@code fields} added. */
    private static String registry(String name, String kind, String method, String fields) {
        return """
                version: "1.0"
                namespace: io
                entries:
                  - { name: fixtures, kind: fs.directory, directory: src/test/fixtures/component }
                  - name: %s
                    kind: %s
                    fs: fixtures
                    path: io-budgets/budgets.wasm
                    method: %s
                    imports: [wasi:sockets, wasi:io]
                %s""".formatted(name, kind, method, fields.indent(4));
    }

    /** Runs the process to its exit: the export's result, ok or err. */
    private static ResultValue run(WasmRegistry r, Object... args) throws Exception {
        List<String> text = java.util.Arrays.stream(args).map(String::valueOf).toList();
        ProcessExit exit = ProcessHost.of(r).spawn("io:proc", text).exit().get(60, TimeUnit.SECONDS);
        assertThat(exit.error()).as("the process ran to its end").isNull();
        assertThat(exit.value()).isInstanceOf(ResultValue.class);
        return (ResultValue) exit.value();
    }

    /** The value of a run that succeeded. */
    private static Object ok(ResultValue result) {
        assertThat(result.ok()).as(String.valueOf(result.value())).isTrue();
        return result.value();
    }

    /** The error of a run that failed. */
    private static String err(ResultValue result) {
        assertThat(result.ok()).as(String.valueOf(result.value())).isFalse();
        return (String) result.value();
    }

    /** What the program of {@code io:proc} counted as refused. */
    private static IoBudget.Refusals refusals(WasmRegistry r) {
        return ProcessHost.of(r).program("io:proc").ioRefusals();
    }

    private int port() {
        return server.getLocalPort();
    }

    @Test
    void socketsUpToMaxOpenSocketsOpenAndTheNextIsRefusedWithNewSocketLimit() throws Exception {
        try (WasmRegistry r = runtime("open", "max_open_sockets: 3")) {
            assertThat(ok(run(r, port(), 3))).isEqualTo("3 open");
            assertThat(err(run(r, port(), 4))).isEqualTo("create-tcp-socket 4: new-socket-limit");
            // the accept thread records connections on its own time: the handshake is done when
            // connect returns, the accept may come a moment later
            TestRegistries.awaitUntil(Duration.ofSeconds(10), () -> held.size() >= 6);
            assertThat(held).as("the server saw every connection made").hasSize(6);

            // each process instance has its own count: a fresh one opens three again
            assertThat(run(r, port(), 3).value()).isEqualTo("3 open");
            assertThat(refusals(r).get(IoBudget.Refusal.SOCKETS)).isEqualTo(1);
        }
    }

    @Test
    void theDefaultIsSixteenSockets() throws Exception {
        try (WasmRegistry r = runtime("open", "")) {
            assertThat(ok(run(r, port(), 16))).isEqualTo("16 open");
            assertThat(err(run(r, port(), 17))).isEqualTo("create-tcp-socket 17: new-socket-limit");
        }
    }

    @Test
    void aReadThatWaitsLongerThanSocketTimeoutFailsWithTimeout() throws Exception {
        try (WasmRegistry r = runtime("read-all", "socket_timeout_ms: 300")) {
            greeting = "hello within the timeout";
            assertThat(ok(run(r, port()))).isEqualTo("hello within the timeout");

            greeting = null; // the server now accepts and never writes
            assertThat(err(run(r, port()))).startsWith("read: read failed: timeout");
            assertThat(refusals(r).get(IoBudget.Refusal.TIMEOUTS)).isEqualTo(1);
        }
    }

    @Test
    void aWriteBeyondHostBufferBytesIsRefusedAndOneWithinItIsSent() throws Exception {
        try (WasmRegistry r = runtime("write", "host_buffer_bytes: 4096")) {
            assertThat(ok(run(r, port(), 4096))).isEqualTo("4096 written");
            assertThat(err(run(r, port(), 4097)))
                    .startsWith("write: write of 4097 bytes refused: limits.host_buffer_bytes (4096)");
            assertThat(refusals(r).get(IoBudget.Refusal.BUFFERS)).isEqualTo(1);
        }
        TestRegistries.awaitUntil(Duration.ofSeconds(30), () -> drained.get() >= 4096);
        assertThat(drained.get())
                .as("the bytes within the budget reached the server, none of the refused")
                .isEqualTo(4096);
    }

    @Test
    void badBudgetsAreRefusedAtBootNamingEntryFieldAndValue() {
        assertThatThrownBy(() -> runtime("open", "max_open_sockets: 0").close())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("io:proc")
                .hasMessageContaining("options.limits.max_open_sockets")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> runtime("open", "socket_timeout_ms: -5").close())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("options.limits.socket_timeout_ms")
                .hasMessageContaining("-5");
        assertThatThrownBy(() -> runtime("open", "host_buffer_bytes: 100").close())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("options.limits.host_buffer_bytes")
                .hasMessageContaining("1024 or more");
        assertThatThrownBy(() -> runtime("open", "host_buffer_bytes: lots").close())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("options.limits.host_buffer_bytes");
        String function = registry("fn", "function.wasm", "open", "limits: { max_open_sockets: 4 }");
        assertThatThrownBy(() -> TestRegistries.runtime(function).close())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("io:fn")
                .hasMessageContaining("limits.max_open_sockets")
                .hasMessageContaining("an I/O budget of a process");
    }

    @Test
    void fieldsAProcessCannotUseAreRefusedByName() {
        assertThatThrownBy(
                        () -> TestRegistries.runtime(registry("proc", "process.wasm", "open", "transport: wasi-http"))
                                .close())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("io:proc")
                .hasMessageContaining("transport")
                .hasMessageContaining("wasi-http");
        assertThatThrownBy(() -> TestRegistries.runtime(
                                registry("proc", "process.wasm", "open", "wit: 'open: func() -> u32;'"))
                        .close())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("io:proc")
                .hasMessageContaining("wit");
        try (WasmRegistry r = TestRegistries.runtime(registry("proc", "process.wasm", "open", "transport: payload"))) {
            assertThat(ProcessHost.of(r).program("io:proc")).isNotNull();
        }
    }

    @Test
    void theDefaultsAreTheSpecs() {
        try (WasmRegistry r = runtime("open", "")) {
            var io = ProcessHost.of(r).program("io:proc").io();
            assertThat(io.maxOpenSockets()).isEqualTo(16);
            assertThat(io.socketTimeout()).hasMillis(30_000);
            assertThat(io.hostBufferBytes()).isEqualTo(16L << 20);
        }
    }
}
