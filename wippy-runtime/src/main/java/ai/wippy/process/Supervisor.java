package ai.wippy.process;

import ai.wippy.actor.ActorProcess;
import ai.wippy.actor.ProcessEvent;
import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.spi.RunningRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code process.service} entries of a runtime: {@link #start()} spawns the {@code
 * auto_start} ones in dependency order ({@code requires} first); a service whose process fails is
 * restarted after its backoff delay, its attempt count reset when it had run longer than {@code
 * stable_threshold}, and given up on (state FAILED) after {@code max_attempts} restarts; {@link
 * #close()} stops them in reverse order (CANCEL, then terminate after {@code stop_timeout}). A
 * process that ends without an error is not restarted (STOPPED).
 */
public final class Supervisor implements AutoCloseable {

    public enum State {
        STARTING,
        RUNNING,
        RESTARTING,
        STOPPED,
        FAILED
    }

    /** What the supervisor knows of one service (a snapshot). */
    /** Restarts summed over the services that run {@code processEntry} (a {@code process.wasm} ID). */
    public int restartsOf(String processEntry) {
        int total = 0;
        for (Service s : services.values()) {
            if (s.entry.process().equals(processEntry)) {
                total += s.restarts;
            }
        }
        return total;
    }

    public record Status(
            String id, State state, String pid, int restarts, int attempt, List<Duration> delays, String lastError) {}

    private final RunningRegistry runtime;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private volatile boolean closing;

    public Supervisor(RunningRegistry runtime) {
        this.runtime = runtime;
        for (ServiceEntry e : order(runtime.resources(ServiceEntry.class))) {
            services.put(e.id(), new Service(e));
        }
    }

    /** Dependency order: every service after those it requires; a cycle is INVALID. */
    static List<ServiceEntry> order(List<ServiceEntry> all) {
        Map<String, ServiceEntry> byId = new LinkedHashMap<>();
        all.stream().sorted((a, b) -> a.id().compareTo(b.id())).forEach(e -> byId.put(e.id(), e));
        List<ServiceEntry> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (ServiceEntry e : byId.values()) {
            visit(e, byId, done, new HashSet<>(), out);
        }
        return out;
    }

    private static void visit(
            ServiceEntry e,
            Map<String, ServiceEntry> byId,
            Set<String> done,
            Set<String> path,
            List<ServiceEntry> out) {
        if (done.contains(e.id())) {
            return;
        }
        if (!path.add(e.id())) {
            throw new WippyException(
                    ErrorKind.INVALID, e.id(), "services require each other in a cycle through " + path);
        }
        for (String r : e.requires()) {
            ServiceEntry dep = byId.get(r);
            if (dep != null) {
                visit(dep, byId, done, path, out);
            }
        }
        path.remove(e.id());
        done.add(e.id());
        out.add(e);
    }

    /** Starts the {@code auto_start} services, dependencies first. */
    public Supervisor start() {
        for (Service s : services.values()) {
            if (s.entry.autoStart()) {
                s.start();
            }
        }
        return this;
    }

    /** Starts one service (and nothing else) by ID. */
    public void start(String id) {
        Service s = services.get(id);
        if (s == null) {
            throw new WippyException(ErrorKind.NOT_FOUND, id, "no process.service '" + id + "'");
        }
        s.start();
    }

    public List<Status> statuses() {
        return services.values().stream().map(Service::status).toList();
    }

    public Status status(String id) {
        Service s = services.get(id);
        if (s == null) {
            throw new WippyException(ErrorKind.NOT_FOUND, id, "no process.service '" + id + "'");
        }
        return s.status();
    }

    /** Whether every service that was started is running (none gave up). */
    public boolean healthy() {
        return services.values().stream().noneMatch(s -> s.state == State.FAILED);
    }

    /** The supervisor's log: {@code start <id>}, {@code restart <id>}, {@code stop <id>}, {@code failed <id>}. */
    public List<String> log() {
        return Collections.unmodifiableList(log);
    }

    /** Stops the services in reverse dependency order. */
    @Override
    public void close() {
        closing = true;
        List<Service> reverse = new ArrayList<>(services.values());
        Collections.reverse(reverse);
        for (Service s : reverse) {
            s.stop();
        }
    }

    private final class Service {
        final ServiceEntry entry;
        volatile State state = State.STOPPED;
        volatile ProcessHandle handle;
        volatile Instant startedAt;
        volatile int attempt;
        volatile int restarts;
        volatile String lastError;
        volatile Thread waiting;
        final List<Duration> delays = new CopyOnWriteArrayList<>();

        Service(ServiceEntry entry) {
            this.entry = entry;
        }

        Status status() {
            return new Status(
                    entry.id(),
                    state,
                    handle == null ? null : handle.processId().toString(),
                    restarts,
                    attempt,
                    List.copyOf(delays),
                    lastError);
        }

        CallContext context() {
            CallContext ctx = CallContext.empty();
            if (entry.actor() != null) {
                ctx = ctx.withActor(entry.actor()).withScope(runtime.policies().scopeForGroups(entry.groups()));
            }
            return ctx;
        }

        synchronized void start() {
            if (closing || state == State.RUNNING) {
                return;
            }
            state = State.STARTING;
            log.add("start " + entry.id());
            try {
                ProcessHandle h = ProcessHost.of(runtime)
                        .spawnAs(context(), null, entry.host(), entry.process(), entry.args(), false, false);
                handle = h;
                startedAt = Instant.now();
                state = State.RUNNING;
                h.actor().exit().thenAccept(this::exited);
            } catch (WippyException e) {
                lastError = e.getMessage();
                failedToRun();
            }
        }

        void exited(ProcessEvent exit) {
            if (closing) {
                state = State.STOPPED;
                return;
            }
            if (exit.error() == null) {
                state = State.STOPPED;
                log.add("stopped " + entry.id());
                return;
            }
            lastError = exit.error().getMessage();
            if (Duration.between(startedAt, Instant.now()).compareTo(entry.stableThreshold()) > 0) {
                attempt = 0; // it had been stable: a fresh failure, not an escalation
            }
            failedToRun();
        }

        private void failedToRun() {
            ServiceEntry.Restart r = entry.restart();
            if (r.maxAttempts() > 0 && attempt >= r.maxAttempts()) {
                // logged before the state is published: whoever sees FAILED sees the line too
                log.add("failed " + entry.id());
                state = State.FAILED;
                return;
            }
            attempt++;
            Duration delay = r.delay(attempt, ThreadLocalRandom.current().nextDouble());
            delays.add(delay);
            state = State.RESTARTING;
            waiting = Thread.ofVirtual().name("wippy-supervisor-" + entry.id()).start(() -> {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    return;
                }
                if (!closing) {
                    restarts++;
                    log.add("restart " + entry.id());
                    start();
                }
            });
        }

        void stop() {
            Thread w = waiting;
            if (w != null) {
                w.interrupt();
            }
            ProcessHandle h = handle;
            if (h == null || !h.alive()) {
                state = state == State.FAILED ? State.FAILED : State.STOPPED;
                return;
            }
            log.add("stop " + entry.id());
            ActorProcess p = h.actor();
            if (p.hearsCancel()) {
                runtime.actors().cancelBySystem(p, "shutdown");
                try {
                    h.exit().get(entry.stopTimeout().toNanos(), TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    // still running after stop_timeout: terminate below
                }
            }
            h.stop();
            try {
                h.exit().get(entry.stopTimeout().toNanos(), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // it will be stopped with the runtime
            }
            state = State.STOPPED;
        }
    }
}
