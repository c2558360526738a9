package ai.wippy.engine;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guest memory all the instances of one runtime hold together, accounted as it is allocated: a
 * memory's initial pages when an instance is created, every page {@code memory.grow} adds. A
 * reservation past the limit is refused: creating an instance then fails with {@link
 * ErrorKind#SATURATED} (the call is answered, the pool keeps serving), and {@code memory.grow}
 * answers -1 as the WebAssembly specification lets a host do, so the guest meets its own
 * out-of-memory path instead of the JVM's {@link OutOfMemoryError}.
 *
 * <p>Reservations are returned when the instance is discarded ({@link Lease#close()}, called by the
 * pools, the process host and the component instances), and, for an instance nobody closed, when the
 * garbage collector finds its memory unreachable. When a reservation does not fit, the pools first
 * destroy their idle instances ({@link #onPressure}), so memory held by instances nobody uses never
 * starves a call.
 */
public final class GuestMemoryBudget {

    private static final Logger LOG = LoggerFactory.getLogger(GuestMemoryBudget.class);
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "wippy-guest-memory-cleaner");
        t.setDaemon(true);
        return t;
    });
    private static final long PAGE = Memory.PAGE_SIZE;

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final LongAdder refused = new LongAdder();
    private final List<java.util.function.IntSupplier> reclaimers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Object reclaiming = new Object();

    /** A budget of {@code limitBytes} (Long.MAX_VALUE: unbounded, accounted all the same). */
    public GuestMemoryBudget(long limitBytes) {
        if (limitBytes < PAGE) {
            throw new IllegalArgumentException(
                    "the guest memory budget must be at least one 64 KiB page, got " + limitBytes + " bytes");
        }
        this.limit = limitBytes;
    }

    /** A budget that never refuses (tools, tests that do not care). */
    public static GuestMemoryBudget unbounded() {
        return new GuestMemoryBudget(Long.MAX_VALUE);
    }

    public long limitBytes() {
        return limit;
    }

    /** Bytes of guest memory held by live instances now. */
    public long usedBytes() {
        return used.get();
    }

    /** The most bytes ever held at once. */
    public long peakBytes() {
        return peak.get();
    }

    /** How many reservations (instances or {@code memory.grow}) were refused. */
    public long refusals() {
        return refused.sum();
    }

    /**
     * The account of one instance: every memory the instance defines is created through it, capped
     * at {@code ceilingPages} (null: the module's own maximum), and closing it returns what they hold.
     *
     * @param owner the entry the instance serves, for messages
     */
    public Lease lease(String owner, Integer ceilingPages) {
        return new Lease(owner, ceilingPages);
    }

    /**
     * Adds what to do when a reservation does not fit: destroy idle instances and say how many (the
     * runtime registers its pools' {@link ai.wippy.pool.InstancePool#trimIdle()}).
     */
    public void onPressure(java.util.function.IntSupplier reclaimer) {
        reclaimers.add(reclaimer);
    }

    private boolean reserve(long bytes) {
        if (tryReserve(bytes)) {
            return true;
        }
        // Spent: idle instances give their memory back first, then the reservation is tried again.
        synchronized (reclaiming) {
            if (tryReserve(bytes)) {
                return true;
            }
            for (java.util.function.IntSupplier r : reclaimers) {
                r.getAsInt();
            }
            if (tryReserve(bytes)) {
                return true;
            }
        }
        refused.increment();
        return false;
    }

    private boolean tryReserve(long bytes) {
        while (true) {
            long now = used.get();
            long next = now + bytes;
            if (next > limit || next < 0) {
                return false;
            }
            if (used.compareAndSet(now, next)) {
                peak.accumulateAndGet(next, Math::max);
                return true;
            }
        }
    }

    private void release(long bytes) {
        used.addAndGet(-bytes);
    }

    private String describe() {
        return describe(used.get()) + " of " + describe(limit);
    }

    private static String describe(long bytes) {
        return bytes == Long.MAX_VALUE ? "unbounded" : (bytes >> 20) + " MiB";
    }

    /** What one instance's memories hold of the budget. */
    public final class Lease implements AutoCloseable {

        private final String owner;
        private final Integer ceilingPages;
        private final List<Reservation> reservations = new ArrayList<>(1);
        private volatile boolean closed;
        private volatile boolean warned;

        private Lease(String owner, Integer ceilingPages) {
            this.owner = owner;
            this.ceilingPages = ceilingPages;
        }

        /** The ceiling each memory of the instance has, in pages (null: the module's own). */
        public Integer ceilingPages() {
            return ceilingPages;
        }

        /** Bytes the instance's memories hold now. */
        public long heldBytes() {
            long total = 0;
            synchronized (reservations) {
                for (Reservation r : reservations) {
                    total += r.bytes.get();
                }
            }
            return total;
        }

        /**
         * Creates a memory the module declares with {@code declared} limits (the maximum lowered to the
         * ceiling), reserving its initial pages.
         *
         * @throws WippyException {@link ErrorKind#SATURATED} when the budget cannot hold them
         */
        public Memory create(MemoryLimits declared) {
            return create(declared, null);
        }

        /**
         * Creates a memory as {@link #create(MemoryLimits)}; with an {@code image} (from an instance
         * template) the memory starts as that image, sharing its pages until it writes them, and
         * reserves every page of the image: what the instance holds is what it can use.
         */
        Memory create(MemoryLimits declared, PagedMemory.Image image) {
            int max = ceilingPages == null ? declared.maximumPages() : Math.min(declared.maximumPages(), ceilingPages);
            int pages = image == null ? declared.initialPages() : image.pages();
            long initial = (long) pages * PAGE;
            if (closed || !reserve(initial)) {
                throw new WippyException(
                        ErrorKind.SATURATED,
                        owner,
                        "guest memory budget exhausted: a new instance needs " + describe(initial)
                                + " and instances hold " + describe()
                                + " (wippy.limits.total-memory); retry later or raise the budget");
            }
            Reservation reservation = new Reservation(initial);
            Memory memory = declared.shared()
                    ? BudgetedMemory.of(
                            new ByteBufferMemory(new MemoryLimits(declared.initialPages(), max, true)),
                            this,
                            reservation)
                    : new PagedMemory(declared.initialPages(), max, this, reservation, image);
            synchronized (reservations) {
                reservations.add(reservation);
            }
            CLEANER.register(memory, reservation);
            return memory;
        }

        /** Reserves {@code pages} more for a memory of this instance; false when the budget is spent. */
        boolean grow(Reservation reservation, int pages) {
            long bytes = (long) pages * PAGE;
            if (closed || !reserve(bytes)) {
                if (!warned) {
                    warned = true;
                    LOG.warn(
                            "{}: memory.grow by {} pages refused, the guest memory budget is spent ({},"
                                    + " wippy.limits.total-memory)",
                            owner,
                            pages,
                            describe());
                }
                return false;
            }
            reservation.bytes.addAndGet(bytes);
            return true;
        }

        /** Gives back what a refused or failed grow reserved. */
        void ungrow(Reservation reservation, int pages) {
            long bytes = (long) pages * PAGE;
            reservation.bytes.addAndGet(-bytes);
            release(bytes);
        }

        /** Returns everything the instance's memories hold; the instance must not be used afterwards. */
        @Override
        public void close() {
            closed = true;
            synchronized (reservations) {
                for (Reservation r : reservations) {
                    r.run();
                }
            }
        }
    }

    /** The bytes one memory holds; returned once, by its lease or by the cleaner. */
    final class Reservation implements Runnable {
        private final AtomicLong bytes;

        Reservation(long initial) {
            this.bytes = new AtomicLong(initial);
        }

        @Override
        public void run() {
            release(bytes.getAndSet(0));
        }
    }
}
