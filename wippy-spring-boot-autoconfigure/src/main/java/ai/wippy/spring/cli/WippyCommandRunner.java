package ai.wippy.spring.cli;

import ai.wippy.process.CommandLine;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.wasi.WasiStdio;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs {@code run NAME [ARGS]} once the context is ready and, when {@code wippy.cli.exit} is true
 * (the default), closes the context and exits the JVM with the guest's exit code. The code is also
 * this bean's {@link ExitCodeGenerator} answer, for {@code SpringApplication.exit(context)}.
 */
public final class WippyCommandRunner implements ApplicationRunner, ExitCodeGenerator {

    public static final String RUN = "run";

    private final CommandLine commandLine;
    private final ConfigurableApplicationContext context;
    private final boolean exit;
    private volatile int exitCode;

    public WippyCommandRunner(
            WasmRegistry registry, WasiStdio stdio, ConfigurableApplicationContext context, boolean exit) {
        this.commandLine = new CommandLine(registry, stdio);
        this.context = context;
        this.exit = exit;
    }

    @Override
    public void run(ApplicationArguments args) {
        String[] source = args.getSourceArgs();
        if (!RunCommandListener.isCommand(source)) {
            return;
        }
        List<String> rest = Arrays.asList(source).subList(1, source.length);
        exitCode = commandLine.run(rest);
        if (exit) {
            System.exit(SpringApplication.exit(context, this));
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
