package ai.wippy.process;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.registry.EntryId;
import ai.wippy.spi.RunningRegistry;
import ai.wippy.wasi.WasiStdio;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Spawns and monitors the {@code process.wasm} programs of a runtime. The seam for Lua's {@code
 * process} module: {@code spawn_monitored(id, host, ...)} is {@link #spawnMonitored} with a queue
 * that {@code events()} drains.
 *
 * <pre>{@code
 * ProcessHost host = ProcessHost.of(runtime);
 * ProcessHandle p = host.spawn("app:greet", List.of("Ada"));
 * ProcessExit exit = p.exit().join();   // code, value or error
 * }</pre>
 *
 * Without a given {@link WasiStdio}, a process's output goes to its entry's logger and its stdin is
 * empty. Processes are stopped when the runtime closes.
 */
public final class ProcessHost {

    private final RunningRegistry runtime;

    private ProcessHost(RunningRegistry runtime) {
        this.runtime = runtime;
    }

    public static ProcessHost of(RunningRegistry runtime) {
        return new ProcessHost(runtime);
    }

    public List<WasmProgram> programs() {
        return runtime.resources(WasmProgram.class);
    }

    public WasmProgram program(String id) {
        return entry(id, WasmProgram.class, "process.wasm");
    }

    /** The entry {@code id} published as {@code type}: INVALID for a malformed ID, NOT_FOUND for none. */
    private <T> T entry(String id, Class<T> type, String kind) {
        EntryId entryId;
        try {
            entryId = EntryId.parse(id);
        } catch (RuntimeException e) {
            throw new WippyException(ErrorKind.INVALID, id, "'" + id + "' is not an entry ID (namespace:name)");
        }
        return runtime.resource(entryId, type)
                .orElseThrow(() -> new WippyException(ErrorKind.NOT_FOUND, id, "no " + kind + " entry '" + id + "'"));
    }

    public ProcessHandle spawn(String id, List<String> args) {
        return spawn(id, args, WasiStdio.logger(id), null);
    }

    /** Spawns with explicit stdio; {@code monitor} (may be null) gets the exit event. */
    public ProcessHandle spawn(String id, List<String> args, WasiStdio stdio, Consumer<ProcessExit> monitor) {
        return start(program(id), Spawn.plain(runtime.actors()), args, stdio, monitor);
    }

    /**
     * Spawns as Lua's and Java's {@code spawn*} do: authorized as {@code process.spawn} (plus {@code
     * process.spawn.monitored} / {@code .linked}, and {@code process.host} when a host is named) under
     * the current call context; the current process (if any) monitors or links to the new one.
     */
    public ProcessHandle spawnAs(String hostId, String id, List<String> args, boolean monitored, boolean linked) {
        return spawnAs(
                ai.wippy.call.CallContext.current(),
                ai.wippy.actor.ActorProcess.current(),
                hostId,
                id,
                args,
                monitored,
                linked);
    }

    /**
     * As {@link #spawnAs(String, String, List, boolean, boolean)} under an explicit context, with
     * {@code parent} (may be null) as the monitoring or linked process.
     */
    public ProcessHandle spawnAs(
            ai.wippy.call.CallContext ctx,
            ai.wippy.actor.ActorProcess parent,
            String hostId,
            String id,
            List<String> args,
            boolean monitored,
            boolean linked) {
        runtime.actors().authorizeSpawn(ctx, id, hostId, monitored, linked);
        Spawn spawn = new Spawn(runtime.actors(), ctx, parent, monitored, linked);
        if (hostId == null) {
            return start(program(id), spawn, args, WasiStdio.logger(id), null);
        }
        return onHost(hostId, id, args, null, null, spawn);
    }

    /**
     * Spawns on a {@code process.host} entry: the process runs on the host's workers (unless the
     * program names its own {@code options.worker_class}), and the spawn is refused with SATURATED when
     * the host already has {@code max_processes} alive or {@code workers + queue_size} spawned.
     * Without {@code stdio} (null), output goes to the entry's logger.
     */
    public ProcessHandle spawnOn(
            String hostId, String id, List<String> args, WasiStdio stdio, Consumer<ProcessExit> monitor) {
        return onHost(hostId, id, args, stdio, monitor, Spawn.plain(runtime.actors()));
    }

    private ProcessHandle onHost(
            String hostId, String id, List<String> args, WasiStdio stdio, Consumer<ProcessExit> monitor, Spawn spawn) {
        ProcessHostEntry host = host(hostId);
        WasmProgram program = program(id);
        String refused = host.admit();
        if (refused != null) {
            throw new WippyException(ErrorKind.SATURATED, id, refused);
        }
        String workerClass = program.workerClass() != null ? program.workerClass() : host.workerClass();
        try {
            ProcessHandle handle = program.start(
                    runtime.dispatcher(),
                    spawn,
                    workerClass,
                    args,
                    stdio == null ? WasiStdio.logger(id) : stdio,
                    monitor,
                    pid -> runtime.observeProcess(id, pid));
            handle.exit().whenComplete((exit, e) -> host.exited());
            return handle;
        } catch (RuntimeException e) {
            host.exited();
            throw e;
        }
    }

    /** A {@code process.host} entry of the runtime. */
    public ProcessHostEntry host(String hostId) {
        return entry(hostId, ProcessHostEntry.class, "process.host");
    }

    /** Spawns and puts the exit event into {@code events} when the process ends. */
    public ProcessHandle spawnMonitored(String id, List<String> args, BlockingQueue<ProcessExit> events) {
        return spawn(id, args, WasiStdio.logger(id), events::add);
    }

    /** Exit events of every process of this runtime, from subscription on (a monitor for all). */
    public reactor.core.publisher.Flux<ProcessExit> events() {
        return reactor.core.publisher.Flux.merge(
                programs().stream().map(WasmProgram::exits).toList());
    }

    /** Runs a process to its end and captures its output (tests, tools). */
    public Captured runCaptured(String id, List<String> args, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream in = new java.io.ByteArrayInputStream(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ProcessExit exit =
                spawn(id, args, new WasiStdio(in, out, err), null).exit().join();
        return new Captured(
                exit,
                out.toString(java.nio.charset.StandardCharsets.UTF_8),
                err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    public record Captured(ProcessExit exit, String stdout, String stderr) {}
    /** Starts {@code program} on its own worker class, observed as a process run. */
    private ProcessHandle start(
            WasmProgram program, Spawn spawn, List<String> args, WasiStdio stdio, Consumer<ProcessExit> monitor) {
        return program.start(
                runtime.dispatcher(),
                spawn,
                program.workerClass(),
                args,
                stdio,
                monitor,
                pid -> runtime.observeProcess(program.id(), pid));
    }
}
