package ai.wippy.spring.metrics;

import ai.wippy.call.Actor;
import ai.wippy.spi.RuntimeObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Makes every registry call a {@code wippy.function.call} {@link Observation}: a span under Micrometer
 * Tracing, nested under the caller's (the HTTP request, the Java, WASM or Lua function that called),
 * and the {@code wippy.function.calls} timer through {@link WippyCallMeterHandler}. Without an
 * observation registry (or with a no-op one) calls are timed directly by {@link
 * CallTimers}, which also times compilations.
 */
public final class ObservationRuntimeObserver implements RuntimeObserver {

    private static final WippyCallObservationConvention DEFAULT_CONVENTION = new WippyCallObservationConvention();

    private final ObjectProvider<ObservationRegistry> registries;
    private final CallTimers timers;
    private final WippyCallObservationConvention convention;
    private volatile ObservationRegistry registry;

    public ObservationRuntimeObserver(
            ObjectProvider<ObservationRegistry> registries,
            CallTimers timers,
            WippyCallObservationConvention convention) {
        this.registries = registries;
        this.timers = timers;
        this.convention = convention;
    }

    private ObservationRegistry registry() {
        ObservationRegistry r = registry;
        if (r == null) {
            r = registries.getIfAvailable(() -> ObservationRegistry.NOOP);
            registry = r;
        }
        return r;
    }

    @Override
    public CallObservation startCall(CallStart call) {
        ObservationRegistry r = registry();
        if (r.isNoop()) {
            return null; // timed by onCall
        }
        Actor actor = call.parent().actor();
        WippyCallObservationContext context = new WippyCallObservationContext(new WippyCallObservationContext.Call(
                call.functionId(), call.kind(), actor == null ? "none" : actor.id(), call.pid()));
        Observation observation = Observation.createNotStarted(convention, DEFAULT_CONVENTION, () -> context, r);
        if (call.parent().trace() instanceof Observation parent) {
            observation.parentObservation(parent);
        }
        observation.start();
        // A process run stops on its own thread: it is entered there, not scoped here.
        Observation.Scope scope = call.pid() == 0L ? observation.openScope() : null;
        return new Running(observation, context, scope);
    }

    @Override
    public Object currentTrace() {
        return registry().getCurrentObservation();
    }

    @Override
    public void onCall(String functionId, String outcome, long nanos) {
        timers.onCall(functionId, outcome, nanos);
    }

    @Override
    public void onCompile(String sha256, long nanos) {
        timers.onCompile(sha256, nanos);
    }

    private record Running(Observation observation, WippyCallObservationContext context, Observation.Scope scope)
            implements CallObservation {

        @Override
        public Object trace() {
            return observation;
        }

        @Override
        public void stop(String outcome, Throwable error) {
            context.outcome(outcome);
            if (error != null) {
                observation.error(error);
            }
            if (scope != null) {
                scope.close();
            }
            observation.stop();
        }

        @Override
        public Runnable enter() {
            Observation.Scope entered = observation.openScope();
            return entered::close;
        }
    }
}
