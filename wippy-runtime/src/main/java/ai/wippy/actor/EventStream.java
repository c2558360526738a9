package ai.wippy.actor;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Events handed to whoever subscribes, from subscription on (a multicast, best-effort sink). The sink
 * is made at the first subscription: an application that never subscribes does not load Reactor's
 * sinks at boot, and an event with no subscriber has nowhere to go either way, so none is lost.
 */
public final class EventStream<T> {

    private Sinks.Many<T> sink;
    private boolean complete;

    /** Hands {@code event} to the current subscribers, if any. */
    public void emit(T event) {
        Sinks.Many<T> s;
        synchronized (this) {
            s = sink;
        }
        if (s != null) {
            synchronized (s) {
                s.tryEmitNext(event);
            }
        }
    }

    /** The events from now on; complete at once after {@link #complete()}. */
    public synchronized Flux<T> flux() {
        if (sink == null) {
            sink = Sinks.many().multicast().directBestEffort();
            if (complete) {
                sink.tryEmitComplete();
            }
        }
        return sink.asFlux();
    }

    /** Ends the stream: subscribers, present and later, see it complete. */
    public void complete() {
        Sinks.Many<T> s;
        synchronized (this) {
            complete = true;
            s = sink;
        }
        if (s != null) {
            synchronized (s) {
                s.tryEmitComplete();
            }
        }
    }
}
