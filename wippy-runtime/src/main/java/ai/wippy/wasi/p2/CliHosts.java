package ai.wippy.wasi.p2;

import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostFunction;
import ai.wippy.component.host.HostInterface;
import ai.wippy.value.ResultValue;
import ai.wippy.wasi.WasiExit;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code wasi:cli}: the environment (the entry's {@code wasi.env}, {@code args} and {@code cwd}),
 * exit, the standard streams and the terminal interfaces. Function calls have an empty stdin and
 * log their output; CLI commands get the terminal.
 */
public final class CliHosts {

    private CliHosts() {}

    /** A {@code terminal-input} or {@code terminal-output}: nothing but its identity. */
    record Terminal(String stream) {}

    /** {@code wasi:cli/environment}. */
    public static final class Environment extends WasiHost {
        public Environment() {
            super("wasi:cli/environment");
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            WasiInstance wasi = WasiInstance.of(b);
            return switch (function) {
                case "get-environment" ->
                    args -> {
                        List<List<String>> out = new ArrayList<>();
                        wasi.settings().environment().forEach((k, v) -> out.add(List.of(k, v)));
                        return out;
                    };
                case "get-arguments" -> args -> wasi.arguments();
                case "initial-cwd" -> args -> wasi.settings().cwd();
                default -> null;
            };
        }
    }

    /** {@code wasi:cli/exit}: unwinds the guest with its status; a command's status becomes its exit code. */
    public static final class Exit extends WasiHost {
        public Exit() {
            super("wasi:cli/exit");
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            return switch (function) {
                case "exit" ->
                    args -> {
                        throw new WasiExit(((ResultValue) args.get(0)).ok() ? 0 : 1);
                    };
                case "exit-with-code" ->
                    args -> {
                        throw new WasiExit(((Number) args.get(0)).intValue());
                    };
                default -> null;
            };
        }
    }

    /** {@code wasi:cli/stdin}. */
    public static final class Stdin extends WasiHost {
        public Stdin() {
            super("wasi:cli/stdin");
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            WasiInstance wasi = WasiInstance.of(b);
            return function.equals("get-stdin")
                    ? args -> Resources.own(b, "input-stream", new SharedInput(wasi.stdin()))
                    : null;
        }

        @Override
        public HostInterface whenNotGranted() {
            return new DetachedStdio(name(), "get-stdin");
        }
    }

    /** {@code wasi:cli/stdout} or {@code wasi:cli/stderr}: each call hands out a new stream over the same sink. */
    public static final class Output extends WasiHost {
        private final boolean stderr;

        public Output(boolean stderr) {
            super(stderr ? "wasi:cli/stderr" : "wasi:cli/stdout");
            this.stderr = stderr;
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            WasiInstance wasi = WasiInstance.of(b);
            if (!function.equals(stderr ? "get-stderr" : "get-stdout")) {
                return null;
            }
            return args -> Resources.own(
                    b,
                    "output-stream",
                    new SinkOutput(stderr ? wasi.stdio().err() : wasi.stdio().out(), false));
        }

        @Override
        public HostInterface whenNotGranted() {
            return new DetachedStdio(name(), stderr ? "get-stderr" : "get-stdout");
        }
    }

    /**
     * Standard streams without the wasi:cli grant: language runtimes fetch them at start-up, so they
     * are handed out, but lead nowhere: stdin is at its end, output is discarded (as a host that does
     * not inherit stdio does).
     */
    static final class DetachedStdio extends WasiHost {
        private final String getter;

        DetachedStdio(String name, String getter) {
            super(name);
            this.getter = getter;
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            if (!function.equals(getter)) {
                return null;
            }
            return getter.equals("get-stdin")
                    ? args -> Resources.own(b, "input-stream", BufferedInput.of(new byte[0]))
                    : args -> Resources.own(b, "output-stream", new SinkOutput(OutputStream.nullOutputStream(), false));
        }
    }

    /** {@code wasi:cli/terminal-input} and {@code terminal-output}: resources without methods. */
    public static final class TerminalResource extends WasiHost {
        public TerminalResource(String name) {
            super(name);
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            return null;
        }
    }

    /**
     * {@code wasi:cli/terminal-stdin}, {@code -stdout}, {@code -stderr}: a terminal only when the
     * instance's stdio is the process's own and the JVM has a console; none otherwise.
     */
    public static final class TerminalStream extends WasiHost {
        private final String stream;

        public TerminalStream(String stream) {
            super("wasi:cli/terminal-" + stream);
            this.stream = stream;
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            WasiInstance wasi = WasiInstance.of(b);
            if (!function.equals("get-terminal-" + stream)) {
                return null;
            }
            String resource = stream.equals("stdin") ? "terminal-input" : "terminal-output";
            return args -> isTerminal(wasi) ? Resources.own(b, resource, new Terminal(stream)) : null;
        }

        private boolean isTerminal(WasiInstance wasi) {
            Object javaStream = switch (stream) {
                case "stdin" -> wasi.stdio().in();
                case "stdout" -> wasi.stdio().out();
                default -> wasi.stdio().err();
            };
            return System.console() != null
                    && (javaStream == System.in || javaStream == System.out || javaStream == System.err);
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
    public static List<WasiHost> all() {
        return List.of(
                new Environment(),
                new Exit(),
                new Stdin(),
                new Output(false),
                new Output(true),
                new TerminalResource("wasi:cli/terminal-input"),
                new TerminalResource("wasi:cli/terminal-output"),
                new TerminalStream("stdin"),
                new TerminalStream("stdout"),
                new TerminalStream("stderr"));
    }
}
