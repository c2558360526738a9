package ai.wippy.actor;

import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.security.AccessGuard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;

/**
 * The processes of one node: PIDs, mailboxes, sends, monitors, links, CANCEL and terminate, each
 * authorized as Wippy names it ({@code process.send}, {@code process.terminate}, {@code
 * process.cancel}, {@code process.monitor}, {@code process.link}, ...) on the target PID under the
 * caller's context, with the caller's PID as attribute {@code pid}. How a body runs is up to who
 * spawns it: {@link #register} gives it a process, {@link #exited} ends it.
 */
public final class ActorSystem implements AutoCloseable {

    public static final String SEND = "process.send";
    public static final String SPAWN = "process.spawn";
    public static final String SPAWN_MONITORED = "process.spawn.monitored";
    public static final String SPAWN_LINKED = "process.spawn.linked";
    public static final String HOST = "process.host";
    public static final String TERMINATE = "process.terminate";
    public static final String CANCEL = "process.cancel";
    public static final String MONITOR = "process.monitor";
    public static final String UNMONITOR = "process.unmonitor";
    public static final String LINK = "process.link";
    public static final String UNLINK = "process.unlink";

    /** How long live processes get between CANCEL and terminate when the runtime closes. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final String node;
    private final java.util.function.Supplier<AccessGuard> guard;
    private final AtomicLong seq = new AtomicLong();
    private final Map<Pid, ActorProcess> live = new ConcurrentHashMap<>();
    private final EventStream<ProcessEvent> exits = new EventStream<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Map<String, EntryCounters> byEntry = new ConcurrentHashMap<>();
    private volatile MessageTransport transport;
    private volatile boolean closed;

    public ActorSystem(String node, AccessGuard guard) {
        this(node, () -> guard);
    }

    /** Processes whose operations are checked by the guard {@code guard} gives at the time (it follows registry changes). */
    public ActorSystem(String node, java.util.function.Supplier<AccessGuard> guard) {
        this.node = node;
        this.guard = guard;
        this.transport = new InProcessTransport(this);
    }

    /** This node's name: system property {@code wippy.node}, else {@code local}. */
    public static String defaultNode() {
        return System.getProperty("wippy.node", "local");
    }

    public String node() {
        return node;
    }

    public AccessGuard guard() {
        return guard.get();
    }

    /** Replaces the transport (for PIDs of other nodes); the default is {@link InProcessTransport}. */
    public void transport(MessageTransport transport) {
        this.transport = transport;
    }

    public Optional<ActorProcess> lookup(Pid pid) {
        return Optional.ofNullable(live.get(pid));
    }

    /** A live process by PID text; INVALID for a malformed PID, NOT_FOUND for none. */
    public ActorProcess require(String pid) {
        Pid p = Pid.parse(pid);
        return lookup(p).orElseThrow(() -> new WippyException(ErrorKind.NOT_FOUND, pid, "no process " + pid));
    }

    public Collection<ActorProcess> processes() {
        return List.copyOf(live.values());
    }

    /** EXIT events of every process of this node, from subscription on. */
    public Flux<ProcessEvent> exits() {
        return exits.flux();
    }

    public long messagesSent() {
        return sent.get();
    }

    public long messagesRefused() {
        return refused.get();
    }

    /**
     * What the message counts of one entry's processes count: {@code IN} admitted into their
     * mailboxes, {@code OUT} they sent that were admitted, {@code REFUSED} their mailboxes refused
     * (over a budget, malformed, the process ended).
     */
    public enum MessageCount {
        IN,
        OUT,
        REFUSED
    }

    /** The message counts of one entry's processes. */
    public static final class EntryCounters extends ai.wippy.call.EventCounts<MessageCount> {
        EntryCounters() {
            super(MessageCount.class);
        }
    }

    /** The message counts of {@code entryId}'s processes (zero until one sends or receives). */
    public EntryCounters counters(String entryId) {
        return byEntry.computeIfAbsent(entryId, k -> new EntryCounters());
    }

    // --- lifecycle --------------------------------------------------------------------------------

    /**
     * Checks that {@code ctx} may spawn {@code entryId} on {@code host} (null: the runtime's default
     * host): {@code process.spawn}, {@code process.spawn.monitored} / {@code process.spawn.linked} for
     * those variants, {@code process.host}.
     */
    public void authorizeSpawn(CallContext ctx, String entryId, String host, boolean monitored, boolean linked) {
        Map<String, Object> meta = meta(ActorProcess.current());
        guard.get().check(ctx, SPAWN, entryId, meta);
        if (monitored) {
            guard.get().check(ctx, SPAWN_MONITORED, entryId, meta);
        }
        if (linked) {
            guard.get().check(ctx, SPAWN_LINKED, entryId, meta);
        }
        if (host != null) {
            guard.get().check(ctx, HOST, host, meta);
        }
    }

    /**
     * A new process for {@code entryId} running under {@code ctx}; {@code parent} (may be null)
     * monitors it and/or links to it. The caller runs the body and calls {@link #exited} at its end.
     */
    public ActorProcess register(
            String entryId,
            CallContext ctx,
            MailboxLimits limits,
            ActorProcess parent,
            boolean monitored,
            boolean linked) {
        if (closed) {
            throw new WippyException(ErrorKind.CANCELED, entryId, "the runtime is closed; no new processes");
        }
        ActorProcess p = new ActorProcess(this, new Pid(node, seq.incrementAndGet()), entryId, ctx, limits);
        if (parent != null) {
            if (monitored) {
                p.monitors.add(parent.pid());
            }
            if (linked) {
                p.links.add(parent.pid());
                parent.links.add(p.pid());
            }
        }
        live.put(p.pid(), p);
        return p;
    }

    /**
     * Ends {@code p}: its mailbox refuses further messages, its monitors get EXIT, and if it failed
     * ({@code error} not null) its links get LINK_DOWN (a linked process that does not trap links is
     * terminated). Called once; later calls do nothing.
     */
    public void exited(ActorProcess p, Object value, WippyException error) {
        exited(p, value, error, error == null ? 0 : 1);
    }

    /** As {@link #exited(ActorProcess, Object, WippyException)}, with the process's exit code. */
    public void exited(ActorProcess p, Object value, WippyException error, int code) {
        if (live.remove(p.pid()) == null && !p.alive()) {
            return;
        }
        ProcessEvent exit = new ProcessEvent(ProcessEvent.Kind.EXIT, p.pid(), p.entryId(), value, error, null, code);
        p.complete(exit);
        exits.emit(exit);
        for (Pid m : p.monitors) {
            ActorProcess watcher = live.get(m);
            if (watcher != null) {
                watcher.event(exit);
            }
        }
        for (Pid l : p.links) {
            ActorProcess other = live.get(l);
            if (other == null) {
                continue;
            }
            other.links.remove(p.pid());
            if (error != null) {
                if (other.trapLinks()) {
                    other.event(
                            new ProcessEvent(ProcessEvent.Kind.LINK_DOWN, p.pid(), p.entryId(), value, error, null));
                } else {
                    other.kill();
                }
            }
        }
    }

    // --- operations on a target PID ----------------------------------------------------------------

    /**
     * Sends from {@code from} (the runtime's PID of the sender; null for a Java caller outside any
     * process) under {@code ctx}. User topics may not start with {@code @}.
     */
    public void send(CallContext ctx, Pid from, String target, String topic, List<Payload> payloads) {
        if (topic == null || topic.isEmpty()) {
            throw new WippyException(ErrorKind.INVALID, target, "a message needs a topic");
        }
        if (topic.startsWith("@")) {
            throw new WippyException(ErrorKind.INVALID, target, "topic '" + topic + "' is reserved (it starts with @)");
        }
        Pid to = Pid.parse(target);
        guard.get().check(ctx, SEND, to.toString(), meta(from));
        ActorProcess sender = from == null ? null : live.get(from);
        ActorProcess receiver = live.get(to);
        try {
            transport.deliver(to, new Message(from, topic, payloads, ctx));
            sent.incrementAndGet();
            if (sender != null) {
                counters(sender.entryId()).add(MessageCount.OUT);
            }
            if (receiver != null) {
                counters(receiver.entryId()).add(MessageCount.IN);
            }
        } catch (WippyException e) {
            refused.incrementAndGet();
            if (receiver != null) {
                counters(receiver.entryId()).add(MessageCount.REFUSED);
            }
            throw e;
        }
    }

    /** Stops {@code target} by force: {@code process.terminate}. */
    public void terminate(CallContext ctx, Pid caller, String target) {
        ActorProcess p = authorized(ctx, caller, TERMINATE, target);
        p.kill();
    }

    /** Asks {@code target} to stop: a CANCEL event with {@code reason}; {@code process.cancel}. */
    public void cancel(CallContext ctx, Pid caller, String target, String reason) {
        ActorProcess p = authorized(ctx, caller, CANCEL, target);
        p.event(new ProcessEvent(ProcessEvent.Kind.CANCEL, caller, null, null, null, reason));
    }

    /** CANCEL from the runtime itself (the supervisor, shutdown): no caller to authorize. */
    public void cancelBySystem(ActorProcess target, String reason) {
        target.event(new ProcessEvent(ProcessEvent.Kind.CANCEL, null, null, null, null, reason));
    }

    public void monitor(CallContext ctx, ActorProcess caller, String target) {
        ActorProcess p = authorized(ctx, caller.pid(), MONITOR, target);
        p.monitors.add(caller.pid());
        if (!p.alive()) {
            caller.event(p.exit().join());
        }
    }

    public void unmonitor(CallContext ctx, ActorProcess caller, String target) {
        authorized(ctx, caller.pid(), UNMONITOR, target).monitors.remove(caller.pid());
    }

    public void link(CallContext ctx, ActorProcess caller, String target) {
        ActorProcess p = authorized(ctx, caller.pid(), LINK, target);
        p.links.add(caller.pid());
        caller.links.add(p.pid());
    }

    public void unlink(CallContext ctx, ActorProcess caller, String target) {
        ActorProcess p = authorized(ctx, caller.pid(), UNLINK, target);
        p.links.remove(caller.pid());
        caller.links.remove(p.pid());
    }

    private ActorProcess authorized(CallContext ctx, Pid caller, String action, String target) {
        Pid to = Pid.parse(target);
        guard.get().check(ctx, action, to.toString(), meta(caller));
        return lookup(to).orElseThrow(() -> new WippyException(ErrorKind.NOT_FOUND, target, "no process " + target));
    }

    private static Map<String, Object> meta(ActorProcess caller) {
        return meta(caller == null ? null : caller.pid());
    }

    private static Map<String, Object> meta(Pid caller) {
        return caller == null ? Map.of() : Map.of("pid", caller.toString());
    }

    /**
     * Shuts the node down: every live process gets CANCEL ("shutdown"), those still alive after
     * {@code grace} are terminated, and the call waits (bounded by another {@code grace}) for them.
     */
    public void shutdown(Duration grace) {
        closed = true;
        List<ActorProcess> all = new ArrayList<>(live.values());
        boolean anyHears = false;
        for (ActorProcess p : all) {
            if (p.hearsCancel()) {
                p.event(new ProcessEvent(ProcessEvent.Kind.CANCEL, null, null, null, null, "shutdown"));
                anyHears = true;
            } else {
                p.kill();
            }
        }
        if (anyHears) {
            await(all, grace);
        }
        all.stream().filter(ActorProcess::alive).forEach(ActorProcess::kill);
        await(all, grace);
    }

    private static void await(List<ActorProcess> all, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        for (ActorProcess p : all) {
            try {
                p.exit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // still alive; the caller decides
            }
        }
    }

    /** Calls {@code each} for every live process (actuator listings). */
    public void forEach(Consumer<ActorProcess> each) {
        live.values().forEach(each);
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(2));
        exits.complete();
    }
}
