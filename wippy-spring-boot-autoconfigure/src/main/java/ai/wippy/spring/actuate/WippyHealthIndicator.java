package ai.wippy.spring.actuate;

import ai.wippy.pool.PoolStats;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.RegisteredFunction;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the runtime: up while it serves, with the number of entries and functions, the engine
 * mode, and the pools that have callers waiting right now. Waiting callers are listed, not counted
 * as a failure: a saturated pool is load, not a fault.
 */
public class WippyHealthIndicator extends AbstractHealthIndicator {

    private final WasmRegistry registry;
    private final ai.wippy.process.Supervisor supervisor;

    public WippyHealthIndicator(WasmRegistry registry) {
        this(registry, null);
    }

    /** With {@code supervisor} (may be null): DOWN once a supervised service has used up its restarts. */
    public WippyHealthIndicator(WasmRegistry registry, ai.wippy.process.Supervisor supervisor) {
        this.registry = registry;
        this.supervisor = supervisor;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (registry.isClosed()) {
            builder.down().withDetail("reason", "the runtime is shut down");
            return;
        }
        if (supervisor != null && !supervisor.healthy()) {
            builder.down()
                    .withDetail(
                            "failedServices",
                            supervisor.statuses().stream()
                                    .filter(st -> st.state() == ai.wippy.process.Supervisor.State.FAILED)
                                    .map(st -> st.id() + ": " + st.lastError())
                                    .toList());
            return;
        }
        List<String> saturated = new ArrayList<>();
        for (RegisteredFunction fn : registry.functions()) {
            if (fn.pool() != null) {
                PoolStats s = fn.pool().stats();
                if (s.queued() > 0) {
                    saturated.add(fn.id() + " (" + s.queued() + " waiting)");
                }
            }
        }
        builder.up()
                .withDetail("engine", registry.settings().engineMode().name().toLowerCase())
                .withDetail("entries", registry.registry().size())
                .withDetail("functions", registry.functions().size())
                .withDetail("poolsWithWaitingCalls", saturated);
        RuntimeException failed = registry.lastApplyFailure();
        if (failed != null) {
            // still up: the registry serves as it was before the change
            builder.withDetail("lastChangeFailed", failed.getMessage());
        }
    }
}
