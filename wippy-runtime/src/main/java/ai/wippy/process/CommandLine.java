package ai.wippy.process;

import ai.wippy.spi.RunningRegistry;
import ai.wippy.wasi.WasiStdio;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code run NAME [ARGS]}: runs the {@code process.wasm} entry whose {@code meta.command.name} is
 * NAME with the given stdio (the terminal) and returns its exit code; {@code run} alone runs the
 * command marked {@code main: true}, if any; {@code run list} (or {@code run} alone without a main
 * command) prints the commands. Framework-free, so a plain {@code main} and Spring can both use it.
 */
public final class CommandLine {

    private final RunningRegistry runtime;
    private final WasiStdio stdio;

    public CommandLine(RunningRegistry runtime, WasiStdio stdio) {
        this.runtime = runtime;
        this.stdio = stdio;
    }

    /** {@code args} are what follows {@code run}. */
    public int run(List<String> args) {
        PrintStream out = new PrintStream(stdio.out(), true, java.nio.charset.StandardCharsets.UTF_8);
        if (args.isEmpty()) {
            Optional<WasmProgram> main = commands().stream()
                    .filter(p -> p.command().orElseThrow().main())
                    .findFirst();
            if (main.isPresent()) {
                args = List.of(main.get().command().orElseThrow().name());
            }
        }
        if (args.isEmpty() || args.get(0).equals("list")) {
            List<WasmProgram> commands = commands();
            if (commands.isEmpty()) {
                out.println("no commands (process.wasm entries with meta.command)");
            }
            for (WasmProgram p : commands) {
                WasmProgram.Command c = p.command().orElseThrow();
                out.printf("%-20s %s (%s)%n", c.name(), c.description(), p.id());
            }
            return 0;
        }
        String name = args.get(0);
        Optional<WasmProgram> program = commands().stream()
                .filter(p -> p.command().orElseThrow().name().equals(name))
                .findFirst();
        if (program.isEmpty()) {
            PrintStream err = new PrintStream(stdio.err(), true, java.nio.charset.StandardCharsets.UTF_8);
            err.println("unknown command '" + name + "'; known: "
                    + commands().stream()
                            .map(p -> p.command().orElseThrow().name())
                            .toList());
            return 127;
        }
        String programId = program.get().id();
        ProcessExit exit = program.get()
                .start(
                        runtime.dispatcher(),
                        Spawn.plain(runtime.actors()),
                        program.get().workerClass(),
                        args.subList(1, args.size()),
                        stdio,
                        null,
                        pid -> runtime.observeProcess(programId, pid))
                .exit()
                .join();
        if (exit.error() != null) {
            PrintStream err = new PrintStream(stdio.err(), true, java.nio.charset.StandardCharsets.UTF_8);
            err.println(name + ": " + exit.error().getMessage());
        }
        return exit.code();
    }

    public List<WasmProgram> commands() {
        return runtime.resources(WasmProgram.class).stream()
                .filter(p -> p.command().isPresent())
                .sorted(Comparator.comparing(p -> p.command().orElseThrow().name()))
                .toList();
    }
}
