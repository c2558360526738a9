package ai.wippy.spring.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Records {@code wippy.function.calls} (a timer tagged with {@code function} and {@code outcome})
 * and {@code wippy.module.compile}. Timers are cached per function and outcome, so recording a call costs two map lookups and allocates nothing. Fed by
 * {@link WippyCallMeterHandler} from the call's observation, or directly by {@link
 * ObservationRuntimeObserver} when there is no observation registry.
 */
public final class CallTimers {

    private final ObjectProvider<MeterRegistry> registries;
    // function -> outcome -> timer: two lookups and no key object per call
    private final ConcurrentMap<String, ConcurrentMap<String, Timer>> callTimers = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;
    private volatile Timer compileTimer;

    public CallTimers(ObjectProvider<MeterRegistry> registries) {
        this.registries = registries;
    }

    private MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            r = registries.getIfAvailable();
            registry = r;
        }
        return r;
    }

    public void onCall(String functionId, String outcome, long nanos) {
        ConcurrentMap<String, Timer> byOutcome = callTimers.get(functionId);
        Timer timer = byOutcome == null ? null : byOutcome.get(outcome);
        if (timer == null) {
            MeterRegistry r = registry();
            if (r == null) {
                return;
            }
            timer = callTimers
                    .computeIfAbsent(functionId, f -> new ConcurrentHashMap<>())
                    .computeIfAbsent(
                            outcome,
                            o -> Timer.builder("wippy.function.calls")
                                    .description("Calls of registry functions")
                                    .tag("function", functionId)
                                    .tag("outcome", o)
                                    .register(r));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void onCompile(String sha256, long nanos) {
        Timer timer = compileTimer;
        if (timer == null) {
            MeterRegistry r = registry();
            if (r == null) {
                return;
            }
            timer = Timer.builder("wippy.module.compile")
                    .description("Decoding and compiling WebAssembly binaries")
                    .register(r);
            compileTimer = timer;
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }
}
