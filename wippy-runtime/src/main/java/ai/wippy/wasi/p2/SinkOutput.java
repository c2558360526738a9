package ai.wippy.wasi.p2;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream that writes straight to a Java {@link OutputStream} (stdout, stderr, a file). A
 * write may block the guest's virtual thread while the sink takes the bytes; it never waits
 * otherwise.
 */
public final class SinkOutput extends OutputResource {

    static final long WRITE_BUDGET = 1 << 20;

    private final OutputStream sink;
    private final boolean closeSink;
    private boolean closed;

    public SinkOutput(OutputStream sink, boolean closeSink) {
        this.sink = sink;
        this.closeSink = closeSink;
    }

    @Override
    public synchronized long checkWrite() throws StreamException {
        if (closed) {
            throw StreamException.closed();
        }
        return WRITE_BUDGET;
    }

    @Override
    public synchronized void write(byte[] contents) throws StreamException {
        if (closed) {
            throw StreamException.closed();
        }
        try {
            sink.write(contents);
        } catch (IOException e) {
            throw StreamException.failed("write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void flush() throws StreamException {
        if (closed) {
            throw StreamException.closed();
        }
        try {
            sink.flush();
        } catch (IOException e) {
            throw StreamException.failed("flush failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            sink.flush();
            if (closeSink) {
                sink.close();
            }
        } catch (IOException ignored) {
            // the guest is done with the stream; a failing close has no one to report to
        }
    }
}
