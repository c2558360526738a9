package ai.wippy.wasi.p2;

import ai.wippy.component.host.HostBinding;
import ai.wippy.wasm.IoLimits;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O budgets of one component instance ({@link IoLimits}): the sockets and outgoing HTTP
 * connections it holds open, how long one socket operation may wait, and the bytes the host buffers
 * for its streams. A process seeds one per instance ({@link #seed}); an instance without one (a
 * function's) counts against no limit. What it refuses is logged (naming the entry) and counted in
 * the entry's {@link Refusals}; the WASI host turns a refusal into the interface's own error
 * ({@code new-socket-limit}, {@code timeout}, {@code connection-limit-reached}, ...), never a trap.
 */
public final class IoBudget {

    private static final Logger LOG = LoggerFactory.getLogger(IoBudget.class);

    /** What a budget refuses, each counted in the entry's {@link Refusals}. */
    public enum Refusal {
        /** Sockets and HTTP connections refused at {@code max_open_sockets}. */
        SOCKETS,
        /** Socket and HTTP operations ended by {@code socket_timeout_ms}. */
        TIMEOUTS,
        /** Writes refused at {@code host_buffer_bytes}. */
        BUFFERS
    }

    /** What the budgets of an entry's instances refused, summed over them (for meters). */
    public static final class Refusals extends ai.wippy.call.EventCounts<Refusal> {
        public Refusals() {
            super(Refusal.class);
        }
    }

    /** One open socket or connection; {@link #release()} (idempotent) gives it back. */
    public final class Lease {
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease() {}

        public void release() {
            if (released.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
        }
    }

    private final String entryId;
    private final IoLimits limits;
    private final Refusals refusals;
    private final AtomicInteger open = new AtomicInteger();
    private long buffered;
    // the part of buffered that is read-ahead, held to half the budget so writes always have room
    private long readAhead;
    private CompletableFuture<Void> freed = new CompletableFuture<>();

    public IoBudget(String entryId, IoLimits limits, Refusals refusals) {
        this.entryId = entryId;
        this.limits = limits;
        this.refusals = refusals;
    }

    /** A budget without limits (an instance outside a process). */
    public static IoBudget unbounded(String entryId) {
        return new IoBudget(entryId, IoLimits.NONE, new Refusals());
    }

    /** The budget of the instance a host interface is bound to. */
    public static IoBudget of(HostBinding binding) {
        return WasiState.of(binding).budget();
    }

    public IoLimits limits() {
        return limits;
    }

    /** Sockets and connections open now. */
    public int openSockets() {
        return open.get();
    }

    /** A lease on one more socket or connection, or null (logged, counted) at {@code max_open_sockets}. */
    public Lease openSocket(String what) {
        while (true) {
            int now = open.get();
            if (now >= limits.maxOpenSockets()) {
                refusals.add(Refusal.SOCKETS);
                LOG.warn(
                        "{}: {} refused: the instance already holds its limits.max_open_sockets of {}",
                        entryId,
                        what,
                        limits.maxOpenSockets());
                return null;
            }
            if (open.compareAndSet(now, now + 1)) {
                return new Lease();
            }
        }
    }

    /** How long one socket operation may wait ({@code socket_timeout_ms}), or null for no bound. */
    public Duration timeout() {
        return limits.socketTimeout();
    }

    /** Records that {@code what} outlived {@code socket_timeout_ms}. */
    public void timedOut(String what) {
        refusals.add(Refusal.TIMEOUTS);
        LOG.info(
                "{}: {} timed out after limits.socket_timeout_ms of {}",
                entryId,
                what,
                limits.socketTimeout() == null ? "-" : limits.socketTimeout().toMillis());
    }

    /** Bytes the host may still buffer for this instance. */
    public synchronized long available() {
        return Math.max(0, limits.hostBufferBytes() - buffered);
    }

    /** Bytes buffered for this instance now. */
    public synchronized long buffered() {
        return buffered;
    }

    /**
     * Bytes a stream may read ahead now: what is left of the budget, and of the half of it that
     * read-ahead may hold (so read-ahead alone never leaves a writer without room).
     */
    public synchronized long readRoom() {
        return Math.max(0, Math.min(limits.hostBufferBytes() - buffered, limits.hostBufferBytes() / 2 - readAhead));
    }

    /**
     * Counts {@code bytes} the host read ahead for the instance. A reader asks for at most {@link
     * #readRoom()} and waits on {@link #readSpace()} when there is none, so what it holds stays
     * within the budget but for reads in flight together.
     */
    public synchronized void received(long bytes) {
        buffered += bytes;
        readAhead += bytes;
    }

    /** Gives back read-ahead the guest has read (or dropped). */
    public void consumed(long bytes) {
        if (bytes <= 0) {
            return;
        }
        synchronized (this) {
            readAhead = Math.max(0, readAhead - bytes);
        }
        release(bytes);
    }

    /** Completes once {@link #readRoom()} is positive (at once when it is). */
    public synchronized CompletableFuture<Void> readSpace() {
        return readRoom() > 0 ? CompletableFuture.completedFuture(null) : freed;
    }

    /**
     * Takes exactly the {@code bytes} of a write, or refuses it (logged, counted) when fewer are left:
     * the write then fails with a stream error whose {@link IoError#cause()} is {@code cause}, the
     * interface's own code for it.
     */
    public void reserveWrite(long bytes, String what, Object cause) throws StreamException {
        if (!reserve(bytes, what)) {
            throw StreamException.failed(
                    "write of " + bytes + " bytes refused: limits.host_buffer_bytes (" + limits.hostBufferBytes()
                            + ") would be exceeded",
                    cause);
        }
    }

    /** Takes exactly {@code bytes}, or refuses (logged, counted) when fewer are left. */
    private boolean reserve(long bytes, String what) {
        synchronized (this) {
            if (bytes <= limits.hostBufferBytes() - buffered) {
                buffered += bytes;
                return true;
            }
        }
        refusals.add(Refusal.BUFFERS);
        LOG.warn(
                "{}: {} of {} bytes refused: the host already buffers {} of the instance's limits.host_buffer_bytes"
                        + " of {}",
                entryId,
                what,
                bytes,
                buffered(),
                limits.hostBufferBytes());
        return false;
    }

    /** Gives back {@code bytes} and wakes whoever waits for space. */
    public void release(long bytes) {
        if (bytes <= 0) {
            return;
        }
        CompletableFuture<Void> wake;
        synchronized (this) {
            buffered = Math.max(0, buffered - bytes);
            wake = freed;
            freed = new CompletableFuture<>();
        }
        wake.complete(null);
    }

    /** Completes once some budget is free (at once when some is). */
    public synchronized CompletableFuture<Void> space() {
        return buffered < limits.hostBufferBytes() ? CompletableFuture.completedFuture(null) : freed;
    }
}
