package ai.wippy.wasm;

import ai.wippy.pool.PoolConfigReader;
import ai.wippy.registry.FieldSet;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.registry.RegistryException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code options:} group of a WebAssembly entry (SPEC section 8): {@code options.limits}, {@code
 * options.worker_class} and, for {@code process.wasm}, {@code options.mailbox}. The flat spellings
 * Wippy keeps ({@code limits}, {@code pool.worker_class}) stay as aliases; one group may not be
 * written both ways in one entry.
 *
 * <p>{@link #normalize} maps {@code options} onto the flat fields the readers already know ({@link
 * ExecutionLimits}, {@link PoolConfigReader}), checking them at once, so that an error names the
 * field as the entry wrote it ({@code options.limits.max_execution_ms}).
 */
public final class EntryOptions {

    /** The fields of {@code options.mailbox}. */
    static final FieldSet MAILBOX_SPEC = FieldSet.closed(
            FieldSet.Field.integer("capacity", "messages the mailbox holds (128)"),
            FieldSet.Field.integer("bytes", "bytes the mailbox holds (8 MiB)"),
            FieldSet.Field.integer("message_bytes", "the largest message (1 MiB)"));

    /** The fields of {@code options}. */
    public static final FieldSet SPEC = FieldSet.closed(
            FieldSet.Field.mapping("limits", ExecutionLimits.SPEC, "as the entry's own limits"),
            FieldSet.Field.string("worker_class", "run on the threads of this worker class"),
            FieldSet.Field.mapping("mailbox", MAILBOX_SPEC, "the mailbox of a process"));

    static final Set<String> FIELDS = SPEC.names();
    private static final Set<String> MAILBOX_FIELDS = MAILBOX_SPEC.names();

    /** {@code options.mailbox}, checked; its defaults as Wippy documents them. */
    public record Mailbox(int capacity, long bytes, long messageBytes) {
        public static final Mailbox DEFAULTS = new Mailbox(128, 8L << 20, 1L << 20);
    }

    private EntryOptions() {}

    /**
     * The entry with {@code options} folded into the flat fields: {@code options.limits} becomes
     * {@code limits}, {@code options.worker_class} becomes {@code pool.worker_class} (for functions; a
     * process reads it with {@link #workerClass}).
     */
    public static RegistryEntry normalize(RegistryEntry entry) {
        if (!entry.has("options")) {
            return entry;
        }
        Map<String, Object> options = entry.map("options");
        for (String key : options.keySet()) {
            if (!FIELDS.contains(key)) {
                throw entry.error("options." + key, "unknown option; known: " + new java.util.TreeSet<>(FIELDS));
            }
        }
        boolean process = entry.kind().startsWith("process.");
        if (options.containsKey("mailbox")) {
            if (!process) {
                throw entry.error(
                        "options.mailbox",
                        "a mailbox belongs to a process; kind " + entry.kind() + " receives no messages");
            }
            mailbox(entry);
        }
        Map<String, Object> fields = new LinkedHashMap<>(entry.fields());
        fields.remove("options");
        boolean limitsFromOptions = false;
        if (options.containsKey("limits")) {
            if (entry.has("limits")) {
                throw entry.error(
                        "options.limits",
                        "the entry sets both 'limits' and 'options.limits', two spellings of one group; keep one");
            }
            fields.put("limits", options.get("limits"));
            limitsFromOptions = true;
        }
        boolean workerClassFromOptions = false;
        if (options.containsKey("worker_class")) {
            Object wc = options.get("worker_class");
            if (!(wc instanceof String name) || name.isBlank()) {
                throw entry.error(
                        "options.worker_class", "expected a worker class name, got " + RegistryEntry.describe(wc));
            }
            if (entry.map("pool").containsKey("worker_class")) {
                throw entry.error(
                        "options.worker_class",
                        "the entry sets both 'pool.worker_class' and 'options.worker_class', two spellings of"
                                + " one setting; keep one");
            }
            if (!process) {
                Map<String, Object> pool = new LinkedHashMap<>(entry.map("pool"));
                pool.put("worker_class", name);
                fields.put("pool", pool);
                workerClassFromOptions = true;
            }
        }
        RegistryEntry flat = new RegistryEntry(entry.id(), entry.kind(), entry.meta(), fields, entry.document());
        try {
            ExecutionLimits.read(flat);
            if (!process) {
                PoolConfigReader.read(flat);
            }
        } catch (RegistryException e) {
            String field = e.field() == null ? "" : e.field();
            if (limitsFromOptions && field.startsWith("limits")) {
                throw renamed(entry, e, "options." + field);
            }
            if (workerClassFromOptions && field.equals("pool.worker_class")) {
                throw renamed(entry, e, "options.worker_class");
            }
            throw e;
        }
        return flat;
    }

    /** The worker class a process runs on ({@code options.worker_class}), or {@code null}. */
    public static String workerClass(RegistryEntry entry) {
        Object wc = entry.map("options").get("worker_class");
        return wc == null ? null : String.valueOf(wc);
    }

    /** The entry's {@code options.mailbox}, checked, with defaults for what it leaves out. */
    public static Mailbox mailbox(RegistryEntry entry) {
        Object raw = entry.map("options").get("mailbox");
        if (raw == null) {
            return Mailbox.DEFAULTS;
        }
        if (!(raw instanceof Map<?, ?> m)) {
            throw entry.error("options.mailbox", "expected a mapping, got " + RegistryEntry.describe(raw));
        }
        for (Object key : m.keySet()) {
            if (!MAILBOX_FIELDS.contains(String.valueOf(key))) {
                throw entry.error(
                        "options.mailbox." + key,
                        "unknown mailbox field; known: " + new java.util.TreeSet<>(MAILBOX_FIELDS));
            }
        }
        long capacity = positive(entry, m, "capacity", Mailbox.DEFAULTS.capacity(), Integer.MAX_VALUE);
        long bytes = positive(entry, m, "bytes", Mailbox.DEFAULTS.bytes(), Long.MAX_VALUE);
        long messageBytes =
                positive(entry, m, "message_bytes", Math.min(Mailbox.DEFAULTS.messageBytes(), bytes), bytes);
        return new Mailbox((int) capacity, bytes, messageBytes);
    }

    private static long positive(RegistryEntry entry, Map<?, ?> m, String field, long dflt, long max) {
        Object v = m.get(field);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() <= 0) {
            throw entry.error(
                    "options.mailbox." + field, "expected a positive integer, got " + RegistryEntry.describe(v));
        }
        long value = ((Number) v).longValue();
        if (value > max) {
            throw entry.error(
                    "options.mailbox." + field,
                    field.equals("message_bytes")
                            ? "message_bytes " + value + " is larger than the mailbox's bytes " + max
                            : "at most " + max + ", got " + value);
        }
        return value;
    }

    private static RegistryException renamed(RegistryEntry entry, RegistryException e, String field) {
        String prefix = new RegistryException(e.file(), e.entryId(), e.field(), "").getMessage();
        String problem = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        return entry.error(field, problem, e);
    }
}
