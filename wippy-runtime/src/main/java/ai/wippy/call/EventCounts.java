package ai.wippy.call;

import java.util.concurrent.atomic.LongAdder;

/**
 * How often each kind {@code K} of event happened, added from any thread and summed when read (by
 * meters and tests): the message counts of an entry's actors, what the I/O budgets of its instances
 * refused. One counter per constant of {@code K}.
 */
public class EventCounts<K extends Enum<K>> {

    private final LongAdder[] counts;

    protected EventCounts(Class<K> kinds) {
        counts = new LongAdder[kinds.getEnumConstants().length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** Counts one event of {@code kind}. */
    public void add(K kind) {
        counts[kind.ordinal()].increment();
    }

    /** How many events of {@code kind} were counted so far. */
    public long get(K kind) {
        return counts[kind.ordinal()].sum();
    }
}
