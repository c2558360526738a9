package ai.wippy.spring;

import io.micrometer.core.instrument.MeterRegistry;

/** Reads a meter the tests check, found by its name and tags (key, value, ...), failing when it is not there. */
public final class TestMeters {

    private TestMeters() {}

    public static double gauge(MeterRegistry meters, String name, String... tags) {
        return meters.get(name).tags(tags).gauge().value();
    }

    public static double functionCount(MeterRegistry meters, String name, String... tags) {
        return meters.get(name).tags(tags).functionCounter().count();
    }

    public static long timerCount(MeterRegistry meters, String name, String... tags) {
        return meters.get(name).tags(tags).timer().count();
    }
}
