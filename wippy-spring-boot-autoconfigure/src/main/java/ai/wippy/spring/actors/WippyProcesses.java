package ai.wippy.spring.actors;

import ai.wippy.actor.ActorProcess;
import ai.wippy.actor.ActorSystem;
import ai.wippy.actor.EventStream;
import ai.wippy.actor.MailboxLimits;
import ai.wippy.actor.Message;
import ai.wippy.actor.Payload;
import ai.wippy.actor.Pid;
import ai.wippy.actor.ProcessEvent;
import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.process.ProcessHost;
import ai.wippy.runtime.WasmRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Actors from Java. Every operation runs under the caller's identity (in a Spring Security
 * application, the current user's actor and scope) and is authorized as Wippy names it ({@code
 * process.spawn}, {@code process.send}, ...). The bean is a process itself ({@link #pid()}): it
 * monitors what {@link #spawnMonitored} starts ({@link #events()}), and {@link #send} sends from it, so
 * replies come back to {@link #inbox()}. {@link #request} uses a process of its own for each request.
 *
 * <p>Payloads: a {@code byte[]} is a {@code bytes} payload, a {@code String} a {@code text} payload,
 * a {@link Payload} itself, anything else JSON.
 */
public final class WippyProcesses implements AutoCloseable {

    /** Made on the first JSON payload, not with the bean. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final WasmRegistry runtime;
    private final ActorProcess self;
    private final EventStream<ProcessEvent> events = new EventStream<>();

    public WippyProcesses(WasmRegistry runtime) {
        this.runtime = runtime;
        this.self = runtime.actors()
                .register("java:processes", CallContext.empty(), MailboxLimits.DEFAULT, null, false, false);
        this.self.onEvent(this::drainEvents);
    }

    private void drainEvents() {
        ProcessEvent e;
        while ((e = self.pollEvent()) != null) {
            events.emit(e);
        }
    }

    private CallContext caller() {
        CallContext active = CallContext.activeOrNull();
        return active != null ? active : runtime.contextProvider().current();
    }

    public ActorSystem system() {
        return runtime.actors();
    }

    /** This bean's own PID: where replies to {@link #send} go. */
    public Pid pid() {
        return self.pid();
    }

    /** Spawns {@code entryId} (a {@code process.wasm}) with {@code args}; {@code process.spawn}. */
    public Pid spawn(String entryId, String... args) {
        return ProcessHost.of(runtime)
                .spawnAs(caller(), null, null, entryId, List.of(args), false, false)
                .processId();
    }

    /** Spawns and monitors: its EXIT arrives on {@link #events()}; {@code process.spawn.monitored} too. */
    public Pid spawnMonitored(String entryId, String... args) {
        return ProcessHost.of(runtime)
                .spawnAs(caller(), self, null, entryId, List.of(args), true, false)
                .processId();
    }

    /** Sends from this bean's process under the caller's identity; {@code process.send} on {@code pid}. */
    public void send(Pid pid, String topic, Object... payloads) {
        runtime.actors().send(caller(), self.pid(), pid.toString(), topic, payloads(payloads));
    }

    public void send(String pid, String topic, Object... payloads) {
        send(Pid.parse(pid), topic, payloads);
    }

    /**
     * Sends {@code topic} with {@code payload} (may be null: none) from a process made for this
     * request and completes with the first message that comes back, or TIMEOUT after {@code timeout}.
     * The caller's identity is taken when the Mono is subscribed (its reactive context in WebFlux).
     */
    public Mono<Message> request(Pid pid, String topic, Object payload, Duration timeout) {
        return runtime.contextProvider()
                .currentReactive()
                .map(ctx -> CallContext.activeOrNull() != null ? CallContext.activeOrNull() : ctx)
                .flatMap(ctx -> Mono.fromCallable(() -> {
                            ActorProcess asker = runtime.actors()
                                    .register("java:request", ctx, MailboxLimits.DEFAULT, null, false, false);
                            try {
                                runtime.actors()
                                        .send(
                                                ctx,
                                                asker.pid(),
                                                pid.toString(),
                                                topic,
                                                payload == null ? List.of() : payloads(new Object[] {payload}));
                                Message reply = asker.mailbox().receive(m -> true, timeout.toNanos());
                                if (reply == null) {
                                    throw new WippyException(
                                            ErrorKind.TIMEOUT,
                                            pid.toString(),
                                            "no reply from " + pid + " to '" + topic + "' within " + timeout.toMillis()
                                                    + " ms");
                                }
                                return reply;
                            } finally {
                                runtime.actors().exited(asker, null, null);
                            }
                        })
                        .subscribeOn(runtime.dispatcher().scheduler()));
    }

    /** Messages sent to this bean's process ({@link #pid()}), as they arrive; each goes to one subscriber. */
    public Flux<Message> inbox() {
        return Flux.<Message>create(sink -> {
            Thread reader = Thread.ofVirtual().name("wippy-java-inbox").start(() -> {
                try {
                    while (!sink.isCancelled()) {
                        Message m = self.mailbox().receive(x -> true, TimeUnit.SECONDS.toNanos(1));
                        if (m != null) {
                            sink.next(m);
                        } else if (!self.alive()) {
                            sink.complete();
                            return;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            sink.onDispose(reader::interrupt);
        });
    }

    /** EXIT (and LINK_DOWN) events of the processes this bean monitors, from subscription on. */
    public Flux<ProcessEvent> events() {
        return events.flux();
    }

    /** EXIT events of every process of the node, from subscription on. */
    public Flux<ProcessEvent> exits() {
        return runtime.actors().exits();
    }

    static List<Payload> payloads(Object[] values) {
        List<Payload> out = new ArrayList<>(values.length);
        for (Object v : Arrays.asList(values)) {
            out.add(
                    switch (v) {
                        case Payload p -> p;
                        case byte[] b -> Payload.bytes(b);
                        case String s -> Payload.text(s);
                        default -> {
                            try {
                                yield Payload.json(Json.MAPPER.writeValueAsString(v));
                            } catch (Exception e) {
                                throw new WippyException(
                                        ErrorKind.INVALID,
                                        null,
                                        "a " + v.getClass().getName() + " is not JSON: " + e.getMessage());
                            }
                        }
                    });
        }
        return out;
    }

    @Override
    public void close() {
        runtime.actors().exited(self, null, null);
        events.complete();
    }
}
