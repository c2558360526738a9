package ai.wippy.wasi;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standard streams of one WASI instance: the terminal for CLI commands, a logger for function
 * calls (one logger per entry, {@code wippy.wasi.<entry id>}), or buffers in tests and processes.
 */
public record WasiStdio(InputStream in, OutputStream out, OutputStream err) {

    public static WasiStdio terminal() {
        return new WasiStdio(System.in, System.out, System.err);
    }

    /** Function calls have no terminal: stdin is empty, output lines go to the entry's logger. */
    public static WasiStdio logger(String entryId) {
        Logger log = LoggerFactory.getLogger("wippy.wasi." + entryId);
        return new WasiStdio(
                InputStream.nullInputStream(),
                new LineLogger(line -> log.info("{}", line)),
                new LineLogger(line -> log.warn("{}", line)));
    }

    /** Writes each complete line to a sink; keeps a partial line until its newline comes. */
    static final class LineLogger extends OutputStream {
        private final java.util.function.Consumer<String> sink;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineLogger(java.util.function.Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flushLine();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void flush() {
            if (line.size() > 0) {
                flushLine();
            }
        }

        private void flushLine() {
            sink.accept(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
    }
}
