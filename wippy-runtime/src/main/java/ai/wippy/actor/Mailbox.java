package ai.wippy.actor;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A bounded FIFO mailbox. {@link #admit} either queues a message or refuses it with an error that
 * says which budget it breaks: INVALID for a malformed or oversized message, SATURATED when the
 * mailbox is at its capacity or byte budget, NOT_FOUND once the process has ended. Nothing is dropped
 * silently and nothing is retried. Receiving parks the calling (virtual) thread on a lock condition:
 * no polling loop, no platform thread held.
 */
public final class Mailbox {

    private final String owner;
    private final MailboxLimits limits;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Message> queue = new ArrayDeque<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private long bytes;
    private boolean closed;
    private long admitted;
    private long rejected;

    public Mailbox(String owner, MailboxLimits limits) {
        this.owner = owner;
        this.limits = limits;
    }

    public MailboxLimits limits() {
        return limits;
    }

    /** Queues {@code m} at the tail, or throws the reason it cannot. */
    public void admit(Message m) {
        if (m.topic() == null || m.topic().isEmpty()) {
            throw refuse(ErrorKind.INVALID, "a message needs a topic");
        }
        if (m.payloads().size() > Message.MAX_PAYLOADS) {
            throw refuse(
                    ErrorKind.INVALID,
                    "a message carries at most " + Message.MAX_PAYLOADS + " payloads, this one has "
                            + m.payloads().size());
        }
        long size = m.size();
        if (size > limits.messageBytes()) {
            throw refuse(
                    ErrorKind.INVALID,
                    "the message is " + size + " bytes, above mailbox.message_bytes " + limits.messageBytes());
        }
        lock.lock();
        try {
            if (closed) {
                throw refuse(ErrorKind.NOT_FOUND, "the process has ended");
            }
            if (queue.size() >= limits.capacity()) {
                throw refuse(ErrorKind.SATURATED, "the mailbox is full (mailbox.capacity " + limits.capacity() + ")");
            }
            if (bytes + size > limits.bytes()) {
                throw refuse(
                        ErrorKind.SATURATED,
                        "the mailbox holds " + bytes + " bytes; " + size + " more would pass mailbox.bytes "
                                + limits.bytes());
            }
            queue.addLast(m);
            bytes += size;
            admitted++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        listeners.forEach(Runnable::run);
    }

    private WippyException refuse(ErrorKind kind, String why) {
        lock.lock();
        try {
            rejected++;
        } finally {
            lock.unlock();
        }
        return new WippyException(kind, owner, "message to " + owner + " refused: " + why);
    }

    /** The oldest message, or null when there is none. */
    public Message poll() {
        return poll(m -> true);
    }

    /** The oldest message {@code filter} accepts (FIFO among those), or null. */
    public Message poll(Predicate<Message> filter) {
        lock.lock();
        try {
            return take(filter);
        } finally {
            lock.unlock();
        }
    }

    /** Parks until a message {@code filter} accepts arrives; null once closed and empty of such. */
    public Message receive(Predicate<Message> filter) throws InterruptedException {
        return receive(filter, -1);
    }

    /** As {@link #receive(Predicate)}, waiting at most {@code timeoutNanos} (negative: forever). */
    public Message receive(Predicate<Message> filter, long timeoutNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long left = timeoutNanos;
            while (true) {
                Message m = take(filter);
                if (m != null || closed) {
                    return m;
                }
                if (timeoutNanos < 0) {
                    changed.await();
                } else {
                    if (left <= 0) {
                        return null;
                    }
                    left = changed.awaitNanos(left);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Parks until a message arrives or {@code other} holds (checked on every change and after {@link
     * #kick}); returns the message, or null when {@code other} held or the mailbox closed.
     */
    public Message receiveOr(java.util.function.BooleanSupplier other) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                Message m = take(x -> true);
                if (m != null) {
                    return m;
                }
                if (closed || other.getAsBoolean()) {
                    return null;
                }
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the receivers (something else they wait for, such as an event, happened). */
    public void kick() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        listeners.forEach(Runnable::run);
    }

    private Message take(Predicate<Message> filter) {
        for (Iterator<Message> it = queue.iterator(); it.hasNext(); ) {
            Message m = it.next();
            if (filter.test(m)) {
                it.remove();
                bytes -= m.size();
                return m;
            }
        }
        return null;
    }

    /** Whether a message is waiting (level-triggered readiness). */
    public boolean ready() {
        lock.lock();
        try {
            return !queue.isEmpty() || closed;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a message {@code filter} accepts is waiting. */
    public boolean ready(Predicate<Message> filter) {
        lock.lock();
        try {
            return queue.stream().anyMatch(filter);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code r} after each admission (and on close); for selects and pollables. */
    public Runnable onChange(Runnable r) {
        listeners.add(r);
        return () -> listeners.remove(r);
    }

    /** Refuses further messages; waiting receivers wake up. The messages already taken stay taken. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        listeners.forEach(Runnable::run);
    }

    public int depth() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    public long admitted() {
        return admitted;
    }

    public long rejected() {
        return rejected;
    }
}
