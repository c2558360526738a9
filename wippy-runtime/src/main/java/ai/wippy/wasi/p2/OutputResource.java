package ai.wippy.wasi.p2;

import ai.wippy.component.host.WitResource;

/** The host object behind a {@code wasi:io/streams.output-stream} handle. */
@WitResource("output-stream")
public abstract class OutputResource implements AutoCloseable {

    /** How many bytes {@link #write} accepts now; 0 means wait on {@link #subscribe()}. */
    public abstract long checkWrite() throws StreamException;

    /** Writes bytes the last {@link #checkWrite} permitted. */
    public abstract void write(byte[] contents) throws StreamException;

    /** Starts flushing; the next {@link #checkWrite} may wait until it is done. */
    public void flush() throws StreamException {}

    /** A pollable ready when {@link #checkWrite} would permit a write (or report an error). */
    public Pollable subscribe() {
        return Pollable.readyNow();
    }

    /** Writes and flushes {@code contents} (at most 4096 bytes by the interface's contract), waiting as needed. */
    public void blockingWriteAndFlush(byte[] contents) throws StreamException {
        int offset = 0;
        while (offset < contents.length) {
            long permitted = checkWrite();
            if (permitted == 0) {
                subscribe().block();
                continue;
            }
            int n = (int) Math.min(permitted, contents.length - offset);
            byte[] part = offset == 0 && n == contents.length
                    ? contents
                    : java.util.Arrays.copyOfRange(contents, offset, offset + n);
            write(part);
            offset += n;
        }
        flush();
        blockingFlush();
    }

    /** Flushes and waits until the flush is done. */
    public void blockingFlush() throws StreamException {
        flush();
        while (checkWrite() == 0) {
            subscribe().block();
        }
    }

    @Override
    public void close() {}
}
