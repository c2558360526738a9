package ai.wippy.wasi.p2;

import ai.wippy.component.host.HostInterface;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.component.host.WitInterface;
import ai.wippy.value.ResultValue;
import ai.wippy.wasi.WasiExit;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code wasi:cli}: the environment (the entry's {@code wasi.env}, {@code args} and {@code cwd}),
 * exit, the standard streams and the terminal interfaces. Function calls have an empty stdin and
 * log their output; CLI commands get the terminal. Each interface is a typed class (the standard
 * streams a Java interface, implemented per instance); those reading the instance's {@link
 * WasiInstance} get one object per component instance.
 */
public final class CliHosts {

    private CliHosts() {}

    /** A {@code terminal-input} or {@code terminal-output}: nothing but its identity. */
    record Terminal(String stream) {}

    /** {@code wasi:cli/environment}. */
    @WitInterface("wasi:cli/environment")
    public static final class Environment {
        private final WasiInstance wasi;

        public Environment(WasiInstance wasi) {
            this.wasi = wasi;
        }

        public List<List<String>> getEnvironment() {
            List<List<String>> out = new ArrayList<>();
            wasi.settings().environment().forEach((k, v) -> out.add(List.of(k, v)));
            return out;
        }

        public List<String> getArguments() {
            return wasi.arguments();
        }

        /** {@code option<string>}: null is none. */
        public String initialCwd() {
            return wasi.settings().cwd();
        }
    }

    /** {@code wasi:cli/exit}: unwinds the guest with its status; a command's status becomes its exit code. */
    @WitInterface("wasi:cli/exit")
    public static final class Exit {

        public void exit(ResultValue status) {
            throw new WasiExit(status.ok() ? 0 : 1);
        }

        public void exitWithCode(int code) {
            throw new WasiExit(code);
        }
    }

    /** {@code wasi:cli/stdin}: every call reads the instance's one stdin. */
    @WitInterface(value = "wasi:cli/stdin", uses = InputResource.class)
    public interface Stdin {
        InputResource getStdin();
    }

    /** {@code wasi:cli/stdout}: each call hands out a new stream over the same sink. */
    @WitInterface(value = "wasi:cli/stdout", uses = OutputResource.class)
    public interface Stdout {
        OutputResource getStdout();
    }

    /** {@code wasi:cli/stderr}: each call hands out a new stream over the same sink. */
    @WitInterface(value = "wasi:cli/stderr", uses = OutputResource.class)
    public interface Stderr {
        OutputResource getStderr();
    }

    /**
     * Standard streams without the wasi:cli grant: language runtimes fetch them at start-up, so they
     * are handed out, but lead nowhere: stdin is at its end, output is discarded (as a host that does
     * not inherit stdio does).
     */
    public static final class Detached {

        public InputResource getStdin() {
            return BufferedInput.of(new byte[0]);
        }

        public OutputResource getStdout() {
            return new SinkOutput(OutputStream.nullOutputStream(), false);
        }

        public OutputResource getStderr() {
            return getStdout();
        }
    }

    /** {@code wasi:cli/terminal-input} and {@code terminal-output}: resources without methods. */
    public static final class NoFunctions {}

    /**
     * {@code wasi:cli/terminal-stdin}, {@code -stdout}, {@code -stderr}: a terminal only when the
     * instance's stdio is the process's own and the JVM has a console; none otherwise. Each getter
     * answers {@code option<own<terminal-input>>} or {@code option<own<terminal-output>>}: null is none.
     */
    public static final class Terminals {
        private final WasiInstance wasi;

        public Terminals(WasiInstance wasi) {
            this.wasi = wasi;
        }

        public Object getTerminalStdin() {
            return terminal("stdin", wasi.stdio().in());
        }

        public Object getTerminalStdout() {
            return terminal("stdout", wasi.stdio().out());
        }

        public Object getTerminalStderr() {
            return terminal("stderr", wasi.stdio().err());
        }

        private static Terminal terminal(String stream, Object javaStream) {
            boolean own = javaStream == System.in || javaStream == System.out || javaStream == System.err;
            return System.console() != null && own ? new Terminal(stream) : null;
        }
    }

    /** A handle on the instance's one stdin pump: dropping the handle does not stop the pump. */
    static final class SharedInput extends InputResource {
        private final PumpedInput source;

        SharedInput(PumpedInput source) {
            this.source = source;
        }

        @Override
        public byte[] read(int len) throws StreamException {
            return source.read(len);
        }

        @Override
        public Pollable subscribe() {
            return source.subscribe();
        }
    }

    /** Every {@code wasi:cli} interface. */
    public static List<HostInterface> all() {
        return List.of(
                ReflectiveHostInterface.perInstance(Environment.class, b -> new Environment(WasiInstance.of(b))),
                ReflectiveHostInterface.of(new Exit()),
                standardStream(Stdin.class, wasi -> () -> new SharedInput(wasi.stdin())),
                standardStream(
                        Stdout.class, wasi -> () -> new SinkOutput(wasi.stdio().out(), false)),
                standardStream(
                        Stderr.class, wasi -> () -> new SinkOutput(wasi.stdio().err(), false)),
                new ReflectiveHostInterface("wasi:cli/terminal-input", new NoFunctions()),
                new ReflectiveHostInterface("wasi:cli/terminal-output", new NoFunctions()),
                terminals("stdin"),
                terminals("stdout"),
                terminals("stderr"));
    }

    private static final Detached DETACHED = new Detached();

    /**
     * A standard stream's interface: made per instance from its {@link WasiInstance} with {@code
     * wasi:cli}, a {@link Detached} one without.
     */
    private static <T> HostInterface standardStream(Class<T> type, Function<WasiInstance, T> stream) {
        ReflectiveHostInterface granted =
                ReflectiveHostInterface.perInstance(type, b -> stream.apply(WasiInstance.of(b)));
        return granted.whenNotGranted(new ReflectiveHostInterface(granted.name(), DETACHED));
    }

    private static HostInterface terminals(String stream) {
        return ReflectiveHostInterface.perInstance(
                "wasi:cli/terminal-" + stream, Terminals.class, b -> new Terminals(WasiInstance.of(b)));
    }
}
