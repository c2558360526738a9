package ai.wippy.actor;

import ai.wippy.call.CallContext;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One live process: its PID, the entry it runs, the identity it runs under (the spawner's actor and
 * scope), its mailbox, its events, and who monitors and links to it. The body (a WASM instance, a Lua
 * call, a Java caller) lives as long as the process; {@link ActorSystem#exited} ends it.
 */
public final class ActorProcess {

    private static final ThreadLocal<ActorProcess> CURRENT = new ThreadLocal<>();

    private final ActorSystem system;
    private final Pid pid;
    private final String entryId;
    private final CallContext context; // the actor and scope it runs under: its sends are authorized with it
    private final Mailbox mailbox;
    private final LinkedBlockingQueue<ProcessEvent> events = new LinkedBlockingQueue<>();
    private final List<Runnable> eventListeners = new CopyOnWriteArrayList<>();
    final Set<Pid> monitors = ConcurrentHashMap.newKeySet();
    final Set<Pid> links = ConcurrentHashMap.newKeySet();
    private final Instant started = Instant.now();
    private final CompletableFuture<ProcessEvent> exit = new CompletableFuture<>();
    private volatile Runnable terminator = () -> {};
    private volatile boolean trapLinks;
    private volatile boolean hearsCancel;

    ActorProcess(ActorSystem system, Pid pid, String entryId, CallContext context, MailboxLimits limits) {
        this.system = system;
        this.pid = pid;
        this.entryId = entryId;
        this.context = context == null ? CallContext.empty() : context;
        this.mailbox = new Mailbox(pid.toString(), limits);
    }

    /** The process whose body runs on this thread, or null. */
    public static ActorProcess current() {
        return CURRENT.get();
    }

    /** Binds {@code p} as this thread's process; returns the previous one for {@link #unbind}. */
    public static ActorProcess bind(ActorProcess p) {
        ActorProcess previous = CURRENT.get();
        CURRENT.set(p);
        return previous;
    }

    public static void unbind(ActorProcess previous) {
        CURRENT.set(previous);
    }

    public ActorSystem system() {
        return system;
    }

    public Pid pid() {
        return pid;
    }

    public String entryId() {
        return entryId;
    }

    public Mailbox mailbox() {
        return mailbox;
    }

    public Instant started() {
        return started;
    }

    public boolean alive() {
        return !exit.isDone();
    }

    /** Completes with the process's EXIT event (never exceptionally). */
    public CompletableFuture<ProcessEvent> exit() {
        return exit;
    }

    public boolean trapLinks() {
        return trapLinks;
    }

    public void trapLinks(boolean trap) {
        this.trapLinks = trap;
    }

    /** Whether the body can see a CANCEL (and so gets a grace period at shutdown before terminate). */
    public boolean hearsCancel() {
        return hearsCancel;
    }

    public void hearsCancel(boolean hears) {
        this.hearsCancel = hears;
    }

    /** How the body is stopped by force (interrupting its thread); set by whoever runs the body. */
    public void terminator(Runnable stop) {
        this.terminator = stop;
        if (!alive()) {
            stop.run();
        }
    }

    /** Sends a message as this process: authorized as {@code process.send} under its context. */
    public void send(String target, String topic, List<Payload> payloads) {
        system.send(context, pid, target, topic, payloads);
    }

    // --- events -----------------------------------------------------------------------------------

    void event(ProcessEvent e) {
        events.add(e);
        eventListeners.forEach(Runnable::run);
        mailbox.kick();
    }

    /** The next event, or null. */
    public ProcessEvent pollEvent() {
        return events.poll();
    }

    /** Parks until an event arrives, at most {@code timeoutNanos} (negative: forever). */
    public ProcessEvent receiveEvent(long timeoutNanos) throws InterruptedException {
        return timeoutNanos < 0 ? events.take() : events.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    public boolean eventReady() {
        return !events.isEmpty();
    }

    public Runnable onEvent(Runnable r) {
        eventListeners.add(r);
        return () -> eventListeners.remove(r);
    }

    void complete(ProcessEvent e) {
        mailbox.close();
        exit.complete(e);
    }

    void kill() {
        terminator.run();
    }

    @Override
    public String toString() {
        return pid + " (" + entryId + ")";
    }
}
