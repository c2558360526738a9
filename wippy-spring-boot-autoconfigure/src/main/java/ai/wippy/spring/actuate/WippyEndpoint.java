package ai.wippy.spring.actuate;

import ai.wippy.pool.InstancePool;
import ai.wippy.pool.PoolStats;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.RegisteredFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code wippy} actuator endpoint: every registry entry with its kind, and each function's pool
 * figures. Its one write operation ({@code POST /actuator/wippy}) reads the registry files again and
 * applies them as one transaction; it is off by default (the endpoint's default access is read-only:
 * {@code management.endpoint.wippy.access=unrestricted} turns it on), and even then only a caller with
 * an identity whose scope allows {@value #APPLY_ACTION} on {@code registry} may apply (anonymous never).
 */
@Endpoint(id = "wippy", defaultAccess = org.springframework.boot.actuate.endpoint.Access.READ_ONLY)
public class WippyEndpoint {

    /** The policy action the write operation is checked against, on resource {@code registry}. */
    public static final String APPLY_ACTION = "registry.apply";

    private final WasmRegistry registry;
    private final ai.wippy.process.Supervisor supervisor;
    private final java.util.function.Supplier<List<ai.wippy.registry.RegistryDocument>> documents;

    public WippyEndpoint(WasmRegistry registry) {
        this(registry, null);
    }

    public WippyEndpoint(WasmRegistry registry, ai.wippy.process.Supervisor supervisor) {
        this(registry, supervisor, null);
    }

    /** {@code documents} (may be null: no write operation) reads the registry files as they are now. */
    public WippyEndpoint(
            WasmRegistry registry,
            ai.wippy.process.Supervisor supervisor,
            java.util.function.Supplier<List<ai.wippy.registry.RegistryDocument>> documents) {
        this.registry = registry;
        this.supervisor = supervisor;
        this.documents = documents;
    }

    /**
     * Reads the registry files again and applies them ({@link WasmRegistry#apply}): the new version
     * serves when it loads, the old one keeps serving when it does not, and the answer says which.
     */
    @org.springframework.boot.actuate.endpoint.annotation.WriteOperation
    public reactor.core.publisher.Mono<
                    org.springframework.boot.actuate.endpoint.web.WebEndpointResponse<Map<String, Object>>>
            apply() {
        return registry.contextProvider().currentReactive().map(ctx -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("applied", false);
            if (documents == null) {
                out.put("error", "this endpoint has no registry files to read");
                return new org.springframework.boot.actuate.endpoint.web.WebEndpointResponse<>(out, 404);
            }
            var actor = ctx.actor();
            boolean anonymous = actor == null
                    || ctx.scope() == null
                    || Boolean.TRUE.equals(actor.meta().get("anonymous"));
            if (anonymous
                    || registry.accessGuard().decide(ctx, APPLY_ACTION, "registry", Map.of())
                            != ai.wippy.call.Decision.ALLOW) {
                out.put(
                        "error",
                        (anonymous ? "an anonymous caller" : "actor '" + actor.id() + "'") + " may not " + APPLY_ACTION
                                + " registry: no policy allows it");
                return new org.springframework.boot.actuate.endpoint.web.WebEndpointResponse<>(out, 403);
            }
            try {
                WasmRegistry.ApplyResult result = registry.apply(documents.get());
                out.put("applied", true);
                out.put("loaded", result.loaded());
                out.put("kept", result.kept());
                out.put("removed", result.removed());
                return new org.springframework.boot.actuate.endpoint.web.WebEndpointResponse<>(out, 200);
            } catch (RuntimeException e) {
                // the registry serves as before the change
                out.put("error", e.getMessage());
                return new org.springframework.boot.actuate.endpoint.web.WebEndpointResponse<>(out, 422);
            }
        });
    }

    @ReadOperation
    public Map<String, Object> registry() {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (RegistryEntry e : registry.registry().entries()) {
            entries.add(describe(e));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("engine", registry.settings().engineMode().name().toLowerCase());
        out.put("functions", registry.functions().size());
        var compiled = registry.compileStats();
        // how the boot got each core module's classes: compiled, build-time (wippy-maven-plugin), cache
        out.put(
                "modules",
                Map.of(
                        "compiled", compiled.compiled(),
                        "buildTime", compiled.fromBuildTime(),
                        "cache", compiled.fromCache()));
        out.put("workerClasses", registry.dispatcher().workerClasses());
        var memory = registry.memoryBudget();
        Map<String, Object> guestMemory = new LinkedHashMap<>();
        guestMemory.put("usedBytes", memory.usedBytes());
        guestMemory.put("peakBytes", memory.peakBytes());
        guestMemory.put("limitBytes", memory.limitBytes());
        guestMemory.put("refused", memory.refusals());
        out.put("guestMemory", guestMemory);
        RuntimeException failed = registry.lastApplyFailure();
        if (failed != null) {
            // a registry change that was not applied: the registry serves as before it
            out.put("lastChangeFailed", failed.getMessage());
        }
        out.put("entries", entries);
        out.put("actors", actors());
        if (supervisor != null) {
            out.put("services", supervisor.statuses());
        }
        return out;
    }

    /** The live processes: PID, entry, state, mailbox depth and bytes, uptime. */
    private List<Map<String, Object>> actors() {
        List<Map<String, Object>> out = new ArrayList<>();
        java.time.Instant now = java.time.Instant.now();
        registry.actors().forEach(p -> {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("pid", p.pid().toString());
            a.put("entry", p.entryId());
            a.put("state", p.alive() ? "running" : "ended");
            a.put(
                    "mailbox",
                    Map.of(
                            "depth",
                            p.mailbox().depth(),
                            "bytes",
                            p.mailbox().bytes(),
                            "capacity",
                            p.mailbox().limits().capacity()));
            a.put("uptimeMs", java.time.Duration.between(p.started(), now).toMillis());
            out.add(a);
        });
        return out;
    }

    @ReadOperation
    public Map<String, Object> entry(@Selector String id) {
        return registry.registry().entries().stream()
                .filter(e -> e.id().toString().equals(id))
                .findFirst()
                .map(this::describe)
                .orElse(null);
    }

    private Map<String, Object> describe(RegistryEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id().toString());
        m.put("kind", e.kind());
        m.put("file", e.file());
        if (!e.meta().isEmpty()) {
            m.put("meta", e.meta());
        }
        registry.function(e.id().toString()).ifPresent(fn -> describeFunction(fn, m));
        return m;
    }

    private static void describeFunction(RegisteredFunction fn, Map<String, Object> m) {
        if (fn.signature() != null) {
            m.put("signature", fn.signature().describe());
        }
        InstancePool<?> pool = fn.pool();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", fn.poolConfig().type().yamlName());
        if (fn.poolConfig().workerClass() != null) {
            p.put("workerClass", fn.poolConfig().workerClass());
        }
        if (pool != null) {
            PoolStats s = pool.stats();
            p.put("busy", s.busy());
            p.put("idle", s.idle());
            p.put("max", s.max());
            p.put("queued", s.queued());
            p.put("rejected", s.rejected());
            p.put("created", s.created());
            p.put("discarded", s.discarded());
            p.put("reclaimed", s.reclaimed());
        }
        m.put("pool", p);
        if (fn.maxExecution() != null) {
            m.put("maxExecutionMs", fn.maxExecution().toMillis());
        }
    }
}
