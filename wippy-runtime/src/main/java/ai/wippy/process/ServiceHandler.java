package ai.wippy.process;

import ai.wippy.call.Actor;
import ai.wippy.registry.Durations;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.AbstractEntryHandler;
import ai.wippy.spi.LoadContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads {@code process.service} entries as Wippy's supervision guide writes them: {@code process}
 * (a {@code process.wasm} entry), {@code host} (a {@code process.host}, optional), {@code args}
 * (strings, optional) and {@code lifecycle} ({@code auto_start}, {@code requires}/{@code
 * depends_on}, {@code stable_threshold} (5s), {@code stop_timeout} (10s), {@code restart}, {@code
 * security: {actor: {id, meta}, groups}}). A {@link Supervisor} runs them.
 */
public final class ServiceHandler extends AbstractEntryHandler {

    static final ai.wippy.registry.FieldSet SPEC = ai.wippy.registry.FieldSet.closed(
            ai.wippy.registry.FieldSet.Field.string("process", "the process.wasm entry the service runs")
                    .asRequired(),
            ai.wippy.registry.FieldSet.Field.string("host", "the process.host it runs on"),
            ai.wippy.registry.FieldSet.Field.list("args", ai.wippy.registry.FieldSet.Type.SCALAR, "its arguments"),
            ai.wippy.registry.FieldSet.Field.mapping(
                    "lifecycle",
                    null,
                    "auto_start, requires/depends_on, restart {initial_delay, max_delay, backoff_factor, jitter,"
                            + " max_attempts}, stable_threshold, stop_timeout, security {actor, groups}"));

    public ServiceHandler() {
        super(RESOURCES, new ai.wippy.registry.KindSpec("process.service", "a supervised process (actor)", SPEC));
    }

    @Override
    public void load(RegistryEntry entry, LoadContext context) {
        SPEC.checkEntry(entry);
        String process = entry.requiredString("process");
        String host = entry.string("host");
        List<String> args = new ArrayList<>();
        for (Object a : entry.list("args")) {
            args.add(String.valueOf(a));
        }
        boolean autoStart = HostEntryHandler.lifecycle(entry);
        Map<String, Object> lc = entry.map("lifecycle");
        List<String> requires = new ArrayList<>();
        for (String key : List.of("requires", "depends_on")) {
            if (lc.get(key) instanceof List<?> l) {
                l.forEach(x -> requires.add(qualify(entry, String.valueOf(x))));
            }
        }
        ServiceEntry.Restart restart = restart(lc.get("restart"));
        Duration stable = lc.containsKey("stable_threshold")
                ? Durations.parse(lc.get("stable_threshold"))
                : Duration.ofSeconds(5);
        Duration stop =
                lc.containsKey("stop_timeout") ? Durations.parse(lc.get("stop_timeout")) : Duration.ofSeconds(10);
        Actor actor = null;
        List<String> groups = new ArrayList<>();
        if (lc.get("security") instanceof Map<?, ?> sec) {
            if (sec.get("actor") instanceof Map<?, ?> a && a.get("id") instanceof String id) {
                Map<String, Object> meta = new LinkedHashMap<>();
                if (a.get("meta") instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> meta.put(String.valueOf(k), v));
                }
                actor = new Actor(id, meta);
            } else if (sec.containsKey("actor")) {
                throw entry.error("lifecycle.security.actor", "expected {id, meta}");
            }
            if (sec.get("groups") instanceof List<?> g) {
                g.forEach(x -> groups.add(String.valueOf(x)));
            }
        }
        context.putResource(
                entry.id(),
                new ServiceEntry(
                        entry.id().toString(),
                        qualify(entry, process),
                        host == null ? null : qualify(entry, host),
                        List.copyOf(args),
                        autoStart,
                        List.copyOf(requires),
                        restart,
                        stable,
                        stop,
                        actor,
                        List.copyOf(groups)));
    }

    /** An entry ID as written, or in the entry's namespace when it has none. */
    private static String qualify(RegistryEntry entry, String id) {
        return id.contains(":") ? id : entry.id().namespace() + ":" + id;
    }

    private static ServiceEntry.Restart restart(Object raw) {
        ServiceEntry.Restart d = ServiceEntry.Restart.DEFAULT;
        if (!(raw instanceof Map<?, ?> m)) {
            return d;
        }
        return new ServiceEntry.Restart(
                m.containsKey("initial_delay") ? Durations.parse(m.get("initial_delay")) : d.initialDelay(),
                m.containsKey("max_delay") ? Durations.parse(m.get("max_delay")) : d.maxDelay(),
                m.get("backoff_factor") instanceof Number n ? n.doubleValue() : d.backoffFactor(),
                m.get("jitter") instanceof Number n ? n.doubleValue() : d.jitter(),
                m.get("max_attempts") instanceof Integer i ? i : d.maxAttempts());
    }
}
