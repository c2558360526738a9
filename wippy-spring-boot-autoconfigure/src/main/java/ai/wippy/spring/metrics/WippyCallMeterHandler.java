package ai.wippy.spring.metrics;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import org.springframework.core.Ordered;

/**
 * Turns a {@code wippy.function.call} observation into the {@code wippy.function.calls} timer (tags
 * {@code function} and {@code outcome}), the meter calls had before they were observations. Ordered
 * first among the meter handlers, which Spring Boot groups so that only the first one supporting a
 * context handles it: the default meter handler does not time the call a second time.
 */
public final class WippyCallMeterHandler implements MeterObservationHandler<WippyCallObservationContext>, Ordered {

    private final CallTimers timers;

    public WippyCallMeterHandler(CallTimers timers) {
        this.timers = timers;
    }

    @Override
    public void onStart(WippyCallObservationContext context) {
        context.startNanos(System.nanoTime());
    }

    @Override
    public void onStop(WippyCallObservationContext context) {
        timers.onCall(context.call().functionId(), context.outcome(), System.nanoTime() - context.startNanos());
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof WippyCallObservationContext;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
