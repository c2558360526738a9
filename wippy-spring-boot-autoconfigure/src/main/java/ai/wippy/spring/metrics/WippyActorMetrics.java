package ai.wippy.spring.metrics;

import ai.wippy.actor.ActorProcess;
import ai.wippy.actor.ActorSystem;
import ai.wippy.process.ProcessHost;
import ai.wippy.process.ProcessHostEntry;
import ai.wippy.process.Supervisor;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.Dispatcher;
import ai.wippy.wasi.p2.IoBudget;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToLongFunction;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Actor meters. Per {@code process.wasm} entry (tag {@code entry}): {@code wippy.actors.live}, {@code
 * wippy.actors.mailbox.depth} and {@code wippy.actors.mailbox.bytes} (summed over the entry's live
 * actors); {@code wippy.actors.messages.in} (admitted into their mailboxes), {@code
 * wippy.actors.messages.out} (they sent, admitted), {@code wippy.actors.messages.rejected} (their
 * mailboxes refused); {@code wippy.actors.restarts} (of the services that run the entry); {@code
 * wippy.actors.io.refused} (tag {@code limit}: {@code max_open_sockets}, {@code socket_timeout_ms},
 * {@code host_buffer_bytes}). For the node: {@code wippy.actors.messages.sent} and {@code
 * wippy.actors.messages.refused}. Per {@code process.host} (tag {@code host}): {@code
 * wippy.process.host.processes} (alive), {@code wippy.process.host.workers} (configured), {@code
 * wippy.process.host.workers.busy} and {@code wippy.process.host.queue.depth} (processes waiting for
 * a worker). Per {@code process.service} (tag {@code service}): {@code wippy.services.restarts} and
 * {@code wippy.services.running} (1 while its actor runs).
 */
public record WippyActorMetrics(ObjectProvider<WasmRegistry> registries, ObjectProvider<Supervisor> supervisors)
        implements RegistryMeterBinder {

    @Override
    public void bindTo(MeterRegistry meters, WasmRegistry registry) {
        ActorSystem actors = registry.actors();
        Supervisor supervisor = supervisors.getIfAvailable();
        ProcessHost processes = ProcessHost.of(registry);
        for (RegistryEntry e : registry.registry().entries()) {
            if (e.kind().equals("process.host")) {
                hostMeters(meters, registry, processes.host(e.id().toString()));
                continue;
            }
            if (!e.kind().equals("process.wasm")) {
                continue;
            }
            String id = e.id().toString();
            ActorSystem.EntryCounters counters = actors.counters(id);
            FunctionCounter.builder("wippy.actors.messages.in", counters, c -> c.get(ActorSystem.MessageCount.IN))
                    .description("Messages admitted into the mailboxes of the entry's actors")
                    .tags("entry", id)
                    .register(meters);
            FunctionCounter.builder("wippy.actors.messages.out", counters, c -> c.get(ActorSystem.MessageCount.OUT))
                    .description("Messages the entry's actors sent that were admitted")
                    .tags("entry", id)
                    .register(meters);
            FunctionCounter.builder(
                            "wippy.actors.messages.rejected", counters, c -> c.get(ActorSystem.MessageCount.REFUSED))
                    .description("Messages the mailboxes of the entry's actors refused")
                    .tags("entry", id)
                    .register(meters);
            if (supervisor != null) {
                FunctionCounter.builder("wippy.actors.restarts", supervisor, sv -> sv.restartsOf(id))
                        .description("Restarts of the services that run the entry")
                        .tags("entry", id)
                        .register(meters);
            }
            IoBudget.Refusals io = processes.program(id).ioRefusals();
            ioRefused(meters, id, "max_open_sockets", io, IoBudget.Refusal.SOCKETS);
            ioRefused(meters, id, "socket_timeout_ms", io, IoBudget.Refusal.TIMEOUTS);
            ioRefused(meters, id, "host_buffer_bytes", io, IoBudget.Refusal.BUFFERS);
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

    private static void ioRefused(
            MeterRegistry meters, String entry, String limit, IoBudget.Refusals io, IoBudget.Refusal refusal) {
        FunctionCounter.builder("wippy.actors.io.refused", io, x -> x.get(refusal))
                .description("Socket, connection and buffer requests of the entry's actors refused by their limits")
                .tags("entry", entry, "limit", limit)
                .register(meters);
    }

    private static void hostMeters(MeterRegistry meters, WasmRegistry registry, ProcessHostEntry host) {
        String id = host.id();
        Dispatcher dispatcher = registry.dispatcher();
        Gauge.builder("wippy.process.host.processes", host, ProcessHostEntry::alive)
                .description("Processes spawned on the host that have not exited")
                .tags("host", id)
                .register(meters);
        Gauge.builder("wippy.process.host.workers", host, ProcessHostEntry::workers)
                .description("Worker threads of the host")
                .tags("host", id)
                .register(meters);
        Gauge.builder(
                        "wippy.process.host.workers.busy",
                        dispatcher,
                        d -> d.load(host.workerClass()).busy())
                .description("Worker threads of the host running a process now")
                .tags("host", id)
                .register(meters);
        Gauge.builder(
                        "wippy.process.host.queue.depth",
                        dispatcher,
                        d -> d.load(host.workerClass()).queued())
                .description("Processes spawned on the host waiting for a worker")
                .tags("host", id)
                .register(meters);
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
