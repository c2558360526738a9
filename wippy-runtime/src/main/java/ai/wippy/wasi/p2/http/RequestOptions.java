package ai.wippy.wasi.p2.http;

/** The host object behind {@code request-options}: the three timeouts, in nanoseconds, each null when unset. */
final class RequestOptions {

    Long connectTimeout;
    Long firstByteTimeout;
    Long betweenBytesTimeout;

    static Long duration(Object d) {
        return d == null ? null : ((Number) d).longValue();
    }
}
