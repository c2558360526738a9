package ai.wippy.wasi.p2.filesystem;

import ai.wippy.wasi.p2.OutputResource;
import ai.wippy.wasi.p2.StreamException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The output stream of {@code write-via-stream} (writes from an offset onwards) and
 * {@code append-via-stream} (every write lands at the current end of the file). Writes go straight
 * to the file channel, blocking the guest's virtual thread only for the disk.
 */
final class FileOutput extends OutputResource {

    private static final long WRITE_BUDGET = 1 << 20;

    private final FileChannel channel;
    private final boolean append;
    private long position;

    FileOutput(FileChannel channel, long offset, boolean append) {
        this.channel = channel;
        this.position = offset;
        this.append = append;
    }

    @Override
    public long checkWrite() throws StreamException {
        if (!channel.isOpen()) {
            throw failed(new java.nio.channels.ClosedChannelException());
        }
        return WRITE_BUDGET;
    }

    @Override
    public void write(byte[] contents) throws StreamException {
        ByteBuffer buf = ByteBuffer.wrap(contents);
        try {
            synchronized (channel) {
                long at = append ? channel.size() : position;
                while (buf.hasRemaining()) {
                    at += channel.write(buf, at);
                }
                position = at;
            }
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private static StreamException failed(IOException e) {
        FsError error = FsError.from(e);
        return StreamException.failed(error.getMessage(), error);
    }
}
