package ai.wippy.process;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.spi.Dispatcher;
import ai.wippy.spi.RuntimeObserver;
import ai.wippy.wasi.WasiExit;
import ai.wippy.wasi.WasiStdio;
import com.dylibso.chicory.runtime.TrapException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A loaded {@code process.wasm} entry: compiled once, instantiated per process. Closing it (when the
 * runtime closes) stops its processes and waits for them, at most {@link #SHUTDOWN_WAIT}.
 */
public final class WasmProgram implements AutoCloseable {

    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

    /** Ends processes that outlive their {@code limits.max_execution_ms}. */
    private static final java.util.concurrent.ScheduledExecutorService LIFETIMES =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "wippy-process-lifetimes");
                t.setDaemon(true);
                return t;
            });

    private final String id;
    private final ProgramBody body;
    private final Command command;
    private final String workerClass;
    private final ai.wippy.actor.MailboxLimits mailbox;
    private final boolean actorImports;
    private final Duration lifetime;
    private final ai.wippy.wasm.IoLimits io;
    private final ai.wippy.wasi.p2.IoBudget.Refusals refusals;
    private final Map<Long, ProcessHandle> running = new ConcurrentHashMap<>();
    // exit events for live subscribers (ProcessHost.events()); none are kept for late ones
    private final reactor.core.publisher.Sinks.Many<ProcessExit> exits =
            reactor.core.publisher.Sinks.many().multicast().directBestEffort();
    private volatile boolean closed;

    /**
     * A CLI command: {@code meta.command: {name, short, main}}; the {@code main} command is the one
     * {@code run} starts when it is given no name.
     */
    public record Command(String name, String description, boolean main) {
        public Command(String name, String description) {
            this(name, description, false);
        }
    }

    /**
     * @param lifetime how long each process may live ({@code limits.max_execution_ms}; null: as long
     *     as it runs): past it the process is stopped and its exit carries TIMEOUT
     * @param io each process instance's socket and buffer budgets ({@code limits.max_open_sockets},
     *     {@code socket_timeout_ms}, {@code host_buffer_bytes})
     * @param refusals what those budgets refused, summed over the program's processes
     */
    WasmProgram(
            String id,
            ProgramBody body,
            Command command,
            String workerClass,
            ai.wippy.actor.MailboxLimits mailbox,
            boolean actorImports,
            Duration lifetime,
            ai.wippy.wasm.IoLimits io,
            ai.wippy.wasi.p2.IoBudget.Refusals refusals) {
        this.id = id;
        this.body = body;
        this.command = command;
        this.workerClass = workerClass;
        this.mailbox = mailbox;
        this.actorImports = actorImports;
        this.lifetime = lifetime;
        this.io = io;
        this.refusals = refusals;
    }

    /** The socket and buffer budgets of each process instance. */
    public ai.wippy.wasm.IoLimits io() {
        return io;
    }

    /** What the socket and buffer budgets of this program's processes refused. */
    public ai.wippy.wasi.p2.IoBudget.Refusals ioRefusals() {
        return refusals;
    }

    /** The worker class the entry asks for ({@code options.worker_class}), or {@code null}. */
    public String workerClass() {
        return workerClass;
    }

    public String id() {
        return id;
    }

    /** The CLI command, when the entry declares one. */
    public java.util.Optional<Command> command() {
        return java.util.Optional.ofNullable(command);
    }

    /** Exit events of this program's processes, from now on. */
    public reactor.core.publisher.Flux<ProcessExit> exits() {
        return exits.asFlux();
    }

    public Set<Long> runningPids() {
        return Set.copyOf(running.keySet());
    }

    /** Spawns a process; {@code monitor} (may be null) receives the exit event once. */
    public ProcessHandle start(
            Dispatcher dispatcher, Spawn spawn, List<String> args, WasiStdio stdio, Consumer<ProcessExit> monitor) {
        return start(dispatcher, spawn, workerClass, args, stdio, monitor, null);
    }

    /**
     * Spawns a process on a worker class ({@code null}: the dispatcher's virtual threads); {@code
     * monitor} (may be null) receives the exit event once; {@code observe} (may be null) is given the
     * PID and returns the run's observation ({@code null}: none), which is
     * current on the process's thread while it runs and ends with its exit.
     */
    public ProcessHandle start(
            Dispatcher dispatcher,
            Spawn spawn,
            String onWorkerClass,
            List<String> args,
            WasiStdio stdio,
            Consumer<ProcessExit> monitor,
            java.util.function.LongFunction<RuntimeObserver.CallObservation> observe) {
        if (closed) {
            throw new WippyException(ErrorKind.CANCELED, id, "the runtime is closed; no new processes");
        }
        ai.wippy.actor.ActorProcess actor = spawn.system()
                .register(id, spawn.context(), mailbox, spawn.parent(), spawn.monitored(), spawn.linked());
        actor.hearsCancel(actorImports);
        long pid = actor.pid().seq();
        ProcessHandle handle = new ProcessHandle(actor);
        RuntimeObserver.CallObservation observation = observe == null ? null : observe.apply(pid);
        running.put(pid, handle);
        handle.exit().whenComplete((event, e) -> {
            running.remove(pid);
            if (observation != null) {
                observation.stop(outcome(event), event == null ? e : event.error());
            }
            if (event == null) {
                spawn.system().exited(actor, null, null);
            } else {
                spawn.system().exited(actor, event.value(), event.error(), event.code());
            }
            if (event != null) {
                synchronized (exits) {
                    exits.tryEmitNext(event);
                }
                if (monitor != null) {
                    monitor.accept(event);
                }
            }
        });
        java.util.concurrent.atomic.AtomicBoolean began = new java.util.concurrent.atomic.AtomicBoolean();
        var run = dispatcher
                .submit(onWorkerClass, () -> {
                    began.set(true);
                    ai.wippy.actor.ActorProcess previous = ai.wippy.actor.ActorProcess.bind(actor);
                    Runnable leave = observation == null ? null : observation.enter();
                    ProcessExit exit;
                    try {
                        exit = run(pid, args, stdio);
                    } finally {
                        if (leave != null) {
                            leave.run();
                        }
                        ai.wippy.actor.ActorProcess.unbind(previous);
                    }
                    handle.complete(exit);
                    return Boolean.TRUE;
                })
                .doOnCancel(() -> {
                    // cancelled before it began: nothing else will report the exit
                    if (began.compareAndSet(false, true)) {
                        handle.complete(stopped(pid));
                    }
                })
                .subscribe(v -> {}, e -> handle.complete(failed(pid, ErrorKind.INTERNAL, e)));
        handle.started(run);
        if (lifetime != null) {
            var deadline = LIFETIMES.schedule(
                    () -> {
                        if (handle.complete(new ProcessExit(
                                pid,
                                id,
                                1,
                                null,
                                new WippyException(
                                        ErrorKind.TIMEOUT,
                                        id,
                                        "process " + pid + " outlived its lifetime of " + lifetime.toMillis()
                                                + " ms (limits.max_execution_ms)")))) {
                            handle.stop();
                        }
                    },
                    lifetime.toNanos(),
                    java.util.concurrent.TimeUnit.NANOSECONDS);
            handle.exit().whenComplete((event, e) -> deadline.cancel(false));
        }
        actor.terminator(handle::stop);
        return handle;
    }

    /** {@code success}, the lower-case error kind, or {@code exited} for a non-zero exit code. */
    private static String outcome(ProcessExit exit) {
        if (exit == null) {
            return "internal";
        }
        if (exit.error() != null) {
            return exit.error().kind().name().toLowerCase(java.util.Locale.ROOT);
        }
        return exit.code() == 0 ? "success" : "exited";
    }

    /** Init, Step, Close: one process from instance to exit event. */
    private ProcessExit run(long pid, List<String> args, WasiStdio stdio) {
        try {
            Object value = body.run(args, stdio);
            return new ProcessExit(pid, id, 0, value, null);
        } catch (WasiExit e) {
            return new ProcessExit(pid, id, e.code(), null, null);
        } catch (com.dylibso.chicory.runtime.ChicoryInterruptedException e) {
            return stopped(pid);
        } catch (TrapException e) {
            return failed(pid, ErrorKind.TRAPPED, e);
        } catch (RuntimeException e) {
            return Thread.currentThread().isInterrupted() ? stopped(pid) : failed(pid, ErrorKind.GUEST_ERROR, e);
        }
    }

    private ProcessExit stopped(long pid) {
        return new ProcessExit(
                pid, id, 1, null, new WippyException(ErrorKind.CANCELED, id, "process " + pid + " was stopped"));
    }

    private ProcessExit failed(long pid, ErrorKind kind, Throwable e) {
        WippyException error =
                e instanceof WippyException w ? w : new WippyException(kind, id, String.valueOf(e.getMessage()), e);
        return new ProcessExit(pid, id, 1, null, error);
    }

    /** Stops every process of this program and waits for their exits (bounded). */
    @Override
    public void close() {
        closed = true;
        try {
            closeProcesses();
        } finally {
            exits.tryEmitComplete();
        }
    }

    private void closeProcesses() {
        List<ProcessHandle> all = new ArrayList<>(running.values());
        all.forEach(ProcessHandle::stop);
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        for (ProcessHandle h : all) {
            try {
                h.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
