package ai.wippy.process;

import ai.wippy.registry.Durations;
import ai.wippy.registry.FieldSet;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.AbstractEntryHandler;
import ai.wippy.spi.LoadContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads {@code process.host} and {@code terminal.host} entries, with the fields Wippy documents:
 *
 * <ul>
 *   <li>{@code process.host}: {@code host.workers} (default: CPU count), {@code host.queue_size}
 *       (1024), {@code host.local_queue_size} (256), {@code host.max_processes}, {@code lifecycle};
 *       published as a {@link ProcessHostEntry}, whose workers are a worker class of the dispatcher;
 *   <li>{@code terminal.host}: {@code hide_logs}, {@code lifecycle}; published as a {@link
 *       TerminalHostEntry}.
 * </ul>
 */
public final class HostEntryHandler extends AbstractEntryHandler {

    private static final FieldSet RESTART_SPEC = FieldSet.closed(
            FieldSet.Field.of("initial_delay", FieldSet.Type.DURATION, "the first delay before a restart"),
            FieldSet.Field.of("max_delay", FieldSet.Type.DURATION, "the longest delay"),
            FieldSet.Field.of("backoff_factor", FieldSet.Type.NUMBER, "how much each delay grows"),
            FieldSet.Field.of("jitter", FieldSet.Type.NUMBER, "the random part of a delay (0..1)"),
            FieldSet.Field.integer("max_attempts", "restarts before giving up"));
    private static final FieldSet LIFECYCLE_SPEC = FieldSet.closed(
            FieldSet.Field.bool("auto_start", "start at boot"),
            FieldSet.Field.string("startup", "required or optional").oneOf("required", "optional"),
            FieldSet.Field.mapping("security", null, "the identity it runs under"),
            FieldSet.Field.list("requires", FieldSet.Type.STRING, "entries started first"),
            FieldSet.Field.list("depends_on", FieldSet.Type.STRING, "entries started first"),
            FieldSet.Field.mapping("restart", RESTART_SPEC, "how it restarts"),
            FieldSet.Field.of("start_timeout", FieldSet.Type.DURATION, "the longest start"),
            FieldSet.Field.of("stop_timeout", FieldSet.Type.DURATION, "the longest stop"),
            FieldSet.Field.of("stable_threshold", FieldSet.Type.DURATION, "running this long resets the restarts"));
    private static final FieldSet HOST_SPEC = FieldSet.closed(
            FieldSet.Field.integer("workers", "threads running processes"),
            FieldSet.Field.integer("queue_size", "spawns that may wait"),
            FieldSet.Field.integer("local_queue_size", "spawns that may wait per worker"),
            FieldSet.Field.integer("max_processes", "processes alive at once"));
    private static final FieldSet PROCESS_HOST_SPEC = FieldSet.closed(
            FieldSet.Field.mapping("host", HOST_SPEC, "the host's workers and queues"),
            FieldSet.Field.mapping("lifecycle", LIFECYCLE_SPEC, "when it starts and restarts"));
    private static final FieldSet TERMINAL_SPEC = FieldSet.closed(
            FieldSet.Field.bool("hide_logs", "keep the logs off the terminal"),
            FieldSet.Field.mapping("lifecycle", LIFECYCLE_SPEC, "when it starts and restarts"));
    private static final Set<String> PROCESS_HOST_FIELDS = PROCESS_HOST_SPEC.names();
    private static final Set<String> HOST_FIELDS = HOST_SPEC.names();
    private static final Set<String> TERMINAL_FIELDS = TERMINAL_SPEC.names();
    private static final Set<String> LIFECYCLE_FIELDS = LIFECYCLE_SPEC.names();
    private static final Set<String> RESTART_FIELDS = RESTART_SPEC.names();

    public HostEntryHandler() {
        super(
                RESOURCES,
                new ai.wippy.registry.KindSpec("process.host", "a host that runs processes", PROCESS_HOST_SPEC),
                new ai.wippy.registry.KindSpec("terminal.host", "the terminal host of CLI processes", TERMINAL_SPEC));
    }

    @Override
    public void load(RegistryEntry entry, LoadContext context) {
        boolean process = entry.kind().equals("process.host");
        Set<String> allowed = process ? PROCESS_HOST_FIELDS : TERMINAL_FIELDS;
        for (String f : entry.fields().keySet()) {
            if (!allowed.contains(f)) {
                throw entry.error(f, "unknown field for kind " + entry.kind() + "; known: " + new TreeSet<>(allowed));
            }
        }
        boolean autoStart = lifecycle(entry);
        if (!process) {
            context.putResource(
                    entry.id(),
                    new TerminalHostEntry(entry.id().toString(), entry.bool("hide_logs", false), autoStart));
            return;
        }
        Map<String, Object> host = entry.map("host");
        for (String f : host.keySet()) {
            if (!HOST_FIELDS.contains(f)) {
                throw entry.error("host." + f, "unknown process host field; known: " + new TreeSet<>(HOST_FIELDS));
            }
        }
        int workers = positive(entry, host, "workers", Runtime.getRuntime().availableProcessors());
        int queueSize = positive(entry, host, "queue_size", 1024);
        int localQueueSize = positive(entry, host, "local_queue_size", 256);
        int maxProcesses = positive(entry, host, "max_processes", Integer.MAX_VALUE);
        ProcessHostEntry resource = new ProcessHostEntry(
                entry.id().toString(), workers, queueSize, localQueueSize, maxProcesses, autoStart);
        context.dispatcher().declareWorkerClass(resource.workerClass(), workers);
        context.putResource(entry.id(), resource);
    }

    /** A positive integer; 0 or absent means the default (Wippy's reading of 0). */
    private static int positive(RegistryEntry entry, Map<String, Object> host, String field, int dflt) {
        Object v = host.get(field);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Integer i) || i < 0) {
            throw entry.error(
                    "host." + field,
                    "expected a positive integer (0 for the default), got " + RegistryEntry.describe(v));
        }
        return i == 0 ? dflt : i;
    }

    /** Checks {@code lifecycle} as Wippy's supervisor reads it and answers {@code auto_start}. */
    static boolean lifecycle(RegistryEntry entry) {
        Map<String, Object> lc = entry.map("lifecycle");
        for (Map.Entry<String, Object> e : lc.entrySet()) {
            String field = "lifecycle." + e.getKey();
            Object v = e.getValue();
            switch (e.getKey()) {
                case "auto_start" -> {
                    if (!(v instanceof Boolean)) {
                        throw entry.error(field, "expected true or false, got " + RegistryEntry.describe(v));
                    }
                }
                case "startup" -> {
                    if (!"required".equals(v) && !"optional".equals(v)) {
                        throw entry.error(field, RegistryEntry.describe(v) + " is not one of required, optional");
                    }
                }
                case "requires", "depends_on" -> {
                    if (!(v instanceof List<?> l) || l.stream().anyMatch(x -> !(x instanceof String))) {
                        throw entry.error(field, "expected a list of entry IDs, got " + RegistryEntry.describe(v));
                    }
                }
                case "start_timeout", "stop_timeout", "stable_threshold" -> duration(entry, field, v);
                case "restart" -> restart(entry, field, v);
                case "security" -> {
                    if (!(v instanceof Map)) {
                        throw entry.error(field, "expected a mapping, got " + RegistryEntry.describe(v));
                    }
                }
                default ->
                    throw entry.error(field, "unknown lifecycle field; known: " + new TreeSet<>(LIFECYCLE_FIELDS));
            }
        }
        return Boolean.TRUE.equals(lc.get("auto_start"));
    }

    private static void restart(RegistryEntry entry, String field, Object v) {
        if (!(v instanceof Map<?, ?> m)) {
            throw entry.error(field, "expected a mapping, got " + RegistryEntry.describe(v));
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            String where = field + "." + key;
            Object value = e.getValue();
            switch (key) {
                case "initial_delay", "max_delay" -> duration(entry, where, value);
                case "backoff_factor", "jitter" -> {
                    if (!(value instanceof Number n) || n.doubleValue() < 0) {
                        throw entry.error(
                                where, "expected a non-negative number, got " + RegistryEntry.describe(value));
                    }
                }
                case "max_attempts" -> {
                    if (!(value instanceof Integer i) || i < 0) {
                        throw entry.error(
                                where,
                                "expected a non-negative integer (0: no limit), got " + RegistryEntry.describe(value));
                    }
                }
                default -> throw entry.error(where, "unknown restart field; known: " + new TreeSet<>(RESTART_FIELDS));
            }
        }
    }

    private static void duration(RegistryEntry entry, String field, Object v) {
        try {
            Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw entry.error(field, e.getMessage());
        }
    }
}
