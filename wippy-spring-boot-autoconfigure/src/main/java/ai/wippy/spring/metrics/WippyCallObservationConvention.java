package ai.wippy.spring.metrics;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code wippy.function.call} observation. Low cardinality: {@code function},
 * {@code kind}, {@code outcome}; high cardinality (spans only): {@code actor} and, for a process run,
 * {@code pid}. A bean of this type replaces it.
 */
public class WippyCallObservationConvention implements ObservationConvention<WippyCallObservationContext> {

    public static final String NAME = "wippy.function.call";

    @Override
    public String getName() {
        return NAME;
    }

    /** The span name: {@code wippy <function ID>}. */
    @Override
    public String getContextualName(WippyCallObservationContext context) {
        return "wippy " + context.call().functionId();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(WippyCallObservationContext context) {
        return KeyValues.of(
                "function", context.call().functionId(), "kind", context.call().kind(), "outcome", context.outcome());
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(WippyCallObservationContext context) {
        KeyValues values = KeyValues.of("actor", context.call().actor());
        return context.call().pid() == 0L
                ? values
                : values.and("pid", Long.toString(context.call().pid()));
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof WippyCallObservationContext;
    }
}
