package ai.wippy.wasi.p2;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream over a blocking Java {@link InputStream} (a terminal's stdin, a process pipe): a
 * virtual thread, started on the first read, pumps up to 64 KiB at a time and stops when 1 MiB
 * waits unread, so the guest's own reads never block the host.
 */
public final class PumpedInput extends BufferedInput {

    private static final int CHUNK = 64 * 1024;
    private static final long HIGH_WATER = 1 << 20;

    private final InputStream source;
    private Thread pump;

    public PumpedInput(InputStream source) {
        this.source = source;
    }

    private synchronized void start() {
        if (pump == null) {
            pump = Thread.ofVirtual().name("wasi-input-pump").start(this::run);
        }
    }

    private void run() {
        byte[] buffer = new byte[CHUNK];
        try {
            while (!isClosed()) {
                Waiting.await(spaceBelow(HIGH_WATER));
                int n = source.read(buffer);
                if (n < 0) {
                    finish();
                    return;
                }
                offer(java.util.Arrays.copyOf(buffer, n));
            }
        } catch (IOException e) {
            fail("read failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            fail("read stopped: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] read(int len) throws StreamException {
        start();
        return super.read(len);
    }

    @Override
    public Pollable subscribe() {
        start();
        return super.subscribe();
    }

    @Override
    protected synchronized void onClose() {
        if (pump != null) {
            pump.interrupt();
        }
    }
}
