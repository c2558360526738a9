package ai.wippy.wasi.p2.filesystem;

import ai.wippy.wasi.p2.InputResource;
import ai.wippy.wasi.p2.Pollable;
import ai.wippy.wasi.p2.StreamException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The input stream of {@code read-via-stream}: reads a file from an offset onwards. File data is
 * always "available" (a read blocks the guest's virtual thread only for the disk), so the stream is
 * always ready; it is closed at the end of the file.
 */
final class FileInput extends InputResource {

    /** Where the bytes come from: reads at a position, -1 at the end (like {@code FileChannel.read}). */
    @FunctionalInterface
    interface Source {
        int read(ByteBuffer into, long position) throws IOException;
    }

    private final Source source;
    private long position;
    private boolean ended;

    FileInput(Source source, long offset) {
        this.source = source;
        this.position = offset;
    }

    @Override
    public synchronized byte[] read(int len) throws StreamException {
        if (ended) {
            throw StreamException.closed();
        }
        if (len == 0) {
            return new byte[0];
        }
        ByteBuffer buf = ByteBuffer.allocate(len);
        try {
            int n = source.read(buf, position);
            if (n < 0) {
                ended = true;
                throw StreamException.closed();
            }
            position += n;
            return n == len ? buf.array() : Arrays.copyOf(buf.array(), n);
        } catch (IOException e) {
            FsError error = FsError.from(e);
            throw StreamException.failed(error.getMessage(), error);
        }
    }

    @Override
    public Pollable subscribe() {
        return Pollable.readyNow();
    }
}
