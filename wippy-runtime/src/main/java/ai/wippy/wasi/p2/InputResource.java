package ai.wippy.wasi.p2;

import ai.wippy.component.host.WitResource;

/** The host object behind a {@code wasi:io/streams.input-stream} handle. */
@WitResource("input-stream")
public abstract class InputResource implements AutoCloseable {

    /**
     * Reads up to {@code len} bytes that are available now, without waiting: an empty array when
     * none are (yet).
     *
     * @throws StreamException closed at the end of the stream, or failed
     */
    public abstract byte[] read(int len) throws StreamException;

    /** A pollable ready when {@link #read} would return data, the end or an error. */
    public abstract Pollable subscribe();

    /** Reads, waiting until at least one byte, the end or an error is there. */
    public byte[] blockingRead(int len) throws StreamException {
        while (true) {
            byte[] data = read(len);
            if (data.length > 0 || len == 0) {
                return data;
            }
            subscribe().block();
        }
    }

    /** Skips up to {@code len} available bytes; returns how many. */
    public long skip(int len) throws StreamException {
        return read(len).length;
    }

    public long blockingSkip(int len) throws StreamException {
        return blockingRead(len).length;
    }

    @Override
    public void close() {}
}
