package ai.wippy.wasi.p2;

import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostInterface;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.component.host.WitInterface;

/**
 * {@code wasi:io/streams}: input and output streams over whatever host object stands behind them
 * (stdio, files, HTTP bodies, sockets), as typed methods linked by the {@link WitInterface}
 * mechanism: {@code [method]input-stream.read} is {@link #inputStreamRead}, called on the {@link
 * InputResource} the handle names. Errors are {@code stream-error} results ({@link
 * StreamException}), never traps; a length above {@link #MAX_READ} (or above the signed range) is
 * capped so that a huge request cannot exhaust the host.
 */
@WitInterface(
        value = "wasi:io/streams",
        uses = {InputResource.class, OutputResource.class, Pollable.class})
public final class IoStreamsHost implements HostInterface {

    /** The most one read hands out, whatever the guest asks for. */
    public static final int MAX_READ = 1 << 20;

    private final HostInterface typed = ReflectiveHostInterface.of(this);

    @Override
    public String name() {
        return typed.name();
    }

    @Override
    public BoundInterface bind(HostBinding binding) {
        return typed.bind(binding);
    }

    /** A u64 length, capped at {@link #MAX_READ} (also for file reads). */
    public static int length(long u64) {
        return u64 < 0 || u64 > MAX_READ ? MAX_READ : (int) u64;
    }

    public byte[] inputStreamRead(InputResource self, long len) throws StreamException {
        return self.read(length(len));
    }

    public byte[] inputStreamBlockingRead(InputResource self, long len) throws StreamException {
        return self.blockingRead(length(len));
    }

    public long inputStreamSkip(InputResource self, long len) throws StreamException {
        return self.skip(length(len));
    }

    public long inputStreamBlockingSkip(InputResource self, long len) throws StreamException {
        return self.blockingSkip(length(len));
    }

    public Pollable inputStreamSubscribe(InputResource self) {
        return self.subscribe();
    }

    public long outputStreamCheckWrite(OutputResource self) throws StreamException {
        return self.checkWrite();
    }

    public void outputStreamWrite(OutputResource self, byte[] contents) throws StreamException {
        self.write(contents);
    }

    public void outputStreamBlockingWriteAndFlush(OutputResource self, byte[] contents) throws StreamException {
        self.blockingWriteAndFlush(contents);
    }

    public void outputStreamFlush(OutputResource self) throws StreamException {
        self.flush();
    }

    public void outputStreamBlockingFlush(OutputResource self) throws StreamException {
        self.blockingFlush();
    }

    public Pollable outputStreamSubscribe(OutputResource self) {
        return self.subscribe();
    }

    public void outputStreamWriteZeroes(OutputResource self, long len) throws StreamException {
        self.write(new byte[length(len)]);
    }

    public void outputStreamBlockingWriteZeroesAndFlush(OutputResource self, long len) throws StreamException {
        self.blockingWriteAndFlush(new byte[length(len)]);
    }

    public long outputStreamSplice(OutputResource self, InputResource source, long len) throws StreamException {
        return splice(self, source, len, false);
    }

    public long outputStreamBlockingSplice(OutputResource self, InputResource source, long len) throws StreamException {
        return splice(self, source, len, true);
    }

    private static long splice(OutputResource out, InputResource in, long len, boolean blocking)
            throws StreamException {
        if (blocking) {
            while (out.checkWrite() == 0) {
                out.subscribe().block();
            }
        }
        int permitted = (int) Math.min(length(len), out.checkWrite());
        byte[] data = blocking ? in.blockingRead(permitted) : in.read(permitted);
        if (data.length > 0) {
            out.write(data);
        }
        return data.length;
    }
}
