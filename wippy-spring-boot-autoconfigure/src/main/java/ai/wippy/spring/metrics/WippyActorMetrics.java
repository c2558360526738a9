package ai.wippy.spring.metrics;

import ai.wippy.actor.ActorProcess;
import ai.wippy.actor.ActorSystem;
import ai.wippy.process.Supervisor;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.runtime.WasmRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToLongFunction;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Actor meters. Per {@code process.wasm} entry (tag {@code entry}): {@code wippy.actors.live}, {@code
 * wippy.actors.mailbox.depth} and {@code wippy.actors.mailbox.bytes} (summed over the entry's live
 * actors). For the node: {@code wippy.actors.messages.sent} and {@code wippy.actors.messages.refused}.
 * Per {@code process.service} (tag {@code service}): {@code wippy.services.restarts} and {@code
 * wippy.services.running} (1 while its actor runs).
 */
public final class WippyActorMetrics implements MeterBinder {

    private final ObjectProvider<WasmRegistry> registries;
    private final ObjectProvider<Supervisor> supervisors;

    public WippyActorMetrics(ObjectProvider<WasmRegistry> registries, ObjectProvider<Supervisor> supervisors) {
        this.registries = registries;
        this.supervisors = supervisors;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        WasmRegistry registry = registries.getIfAvailable();
        if (registry == null) {
            return;
        }
        ActorSystem actors = registry.actors();
        for (RegistryEntry e : registry.registry().entries()) {
            if (!e.kind().equals("process.wasm")) {
                continue;
            }
            String id = e.id().toString();
            Gauge.builder("wippy.actors.live", actors, a -> sum(a, id, p -> 1))
                    .description("Live actors (processes) of the entry")
                    .tags("entry", id)
                    .register(meters);
            Gauge.builder(
                            "wippy.actors.mailbox.depth",
                            actors,
                            a -> sum(a, id, p -> p.mailbox().depth()))
                    .description("Messages waiting in the mailboxes of the entry's actors")
                    .tags("entry", id)
                    .register(meters);
            Gauge.builder(
                            "wippy.actors.mailbox.bytes",
                            actors,
                            a -> sum(a, id, p -> p.mailbox().bytes()))
                    .description("Bytes of the messages waiting in the mailboxes of the entry's actors")
                    .baseUnit("bytes")
                    .tags("entry", id)
                    .register(meters);
        }
        FunctionCounter.builder("wippy.actors.messages.sent", actors, ActorSystem::messagesSent)
                .description("Messages admitted into mailboxes on this node")
                .register(meters);
        FunctionCounter.builder("wippy.actors.messages.refused", actors, ActorSystem::messagesRefused)
                .description(
                        "Messages refused by the receiving mailbox or transport (malformed, over budget, no such process)")
                .register(meters);
        Supervisor supervisor = supervisors.getIfAvailable();
        if (supervisor != null) {
            for (Supervisor.Status s : supervisor.statuses()) {
                String service = s.id();
                FunctionCounter.builder(
                                "wippy.services.restarts",
                                supervisor,
                                sv -> sv.status(service).restarts())
                        .description("Restarts of the service's actor")
                        .tags("service", service)
                        .register(meters);
                Gauge.builder(
                                "wippy.services.running",
                                supervisor,
                                sv -> sv.status(service).state() == Supervisor.State.RUNNING ? 1 : 0)
                        .description("1 while the service's actor runs")
                        .tags("service", service)
                        .register(meters);
            }
        }
    }

    private static double sum(ActorSystem actors, String entry, ToLongFunction<ActorProcess> each) {
        long total = 0;
        for (ActorProcess p : actors.processes()) {
            if (entry.equals(p.entryId()) && p.alive()) {
                total += each.applyAsLong(p);
            }
        }
        return total;
    }
}
