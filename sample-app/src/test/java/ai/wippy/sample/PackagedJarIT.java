package ai.wippy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged sample as a user runs it: {@code java -jar sample-app-*.jar ...} in a child JVM (the
 * build's own {@code java}), started in an empty folder that is not {@code sample-app/}, so nothing
 * may come from the working directory. Runs after {@code package} (maven-failsafe-plugin), which
 * hands over the repackaged jar's path as {@code sample.jar}.
 */
class PackagedJarIT {

    /** Bounds a child JVM that hangs; a healthy start takes seconds. */
    private static final long LIMIT_SECONDS = 300;

    private static final Pattern STARTED = Pattern.compile("Netty started on port (\\d+)");

    @TempDir
    Path workDir;

    record Run(int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().toList();
        }
    }

    private static Path jar() {
        String path = System.getProperty("sample.jar");
        assertThat(path)
                .as("system property sample.jar (set by maven-failsafe-plugin in sample-app/pom.xml)")
                .isNotBlank();
        Path jar = Path.of(path).toAbsolutePath();
        assertThat(jar).as("the repackaged sample jar").isRegularFile();
        return jar;
    }

    private ProcessBuilder java(String... args) {
        return java(List.of(), args);
    }

    private ProcessBuilder java(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        // the sample's configuration only, whatever the build's environment holds
        builder.environment().remove("PORT");
        return builder;
    }

    private Run run(String... args) throws Exception {
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        Process process = java(args)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            assertThat(process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS))
                    .as("java -jar ... %s ended", String.join(" ", args))
                    .isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void runGreetPrintsTheGreetingOfTheWasiProgram() throws Exception {
        Run run = run("run", "greet", "Ada");
        assertThat(run.exitCode())
                .as("exit code; stdout:%n%s%nstderr:%n%s", run.stdout(), run.stderr())
                .isZero();
        // stdout is the guest's alone: no banner, no start-up log lines
        assertThat(run.lines()).containsExactly("Hello, Ada! (from a WASI program)");
    }

    @Test
    void runListListsTheCommands() throws Exception {
        Run run = run("run", "list");
        assertThat(run.exitCode())
                .as("exit code; stdout:%n%s%nstderr:%n%s", run.stdout(), run.stderr())
                .isZero();
        assertThat(run.lines())
                .anySatisfy(line -> assertThat(line).matches("greet\\s+Says hello to NAME \\(sample\\.math:greet\\)"));
    }

    @Test
    void anUnknownCommandFailsWithTheKnownOnes() throws Exception {
        Run run = run("run", "nope");
        assertThat(run.exitCode()).isEqualTo(127);
        assertThat(run.stderr()).contains("unknown command 'nope'; known: [greet]");
    }

    /**
     * Started plainly, and in Spring AOT mode ({@code -Dspring.aot.enabled=true}), where the bean
     * definitions are the code {@code process-aot} generated at build time (the function beans too).
     * No compile cache: what the boot does not compile comes from the classes wippy-maven-plugin
     * packaged.
     */
    @ParameterizedTest(name = "aot={0}")
    @ValueSource(booleans = {false, true})
    void theServerStartsOutsideTheSampleFolderAndServesTheRegistry(boolean aot) throws Exception {
        Process process = java(
                        aot ? List.of("-Dspring.aot.enabled=true") : List.of(),
                        "--server.port=0",
                        "--wippy.engine.cache=false")
                .redirectErrorStream(true)
                .start();
        StringBuilder log = new StringBuilder();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (log) {
                        log.append(line).append('\n');
                    }
                    Matcher m = STARTED.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("the application ended before it started"));
        });
        try {
            int p;
            try {
                p = port.get(LIMIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                synchronized (log) {
                    throw new AssertionError("no 'Netty started on port' line; output:\n" + log, e);
                }
            }
            synchronized (log) {
                // the packaged jar compiles nothing, even on its first boot
                assertThat(log.toString())
                        .containsPattern(
                                "wippy: 0 modules compiled at boot, [1-9][0-9]* loaded from build-time classes,"
                                        + " 0 from the compile cache");
            }
            HttpClient http = HttpClient.newHttpClient();
            assertThat(get(http, p, "/answer")).isEqualTo("{\"answer\":42}");
            // a core module read from a packaged fs.embed folder, hash-checked
            assertThat(get(http, p, "/add?a=6&b=7")).contains("\"sum\":13");
            // a component listing a packaged fs.embed folder mounted read-only
            assertThat(get(http, p, "/files?dir=/docs")).isEqualTo("[\"guide.md\",\"welcome.txt\"]");
            // a component: records and lists both ways through a typed proxy
            HttpResponse<String> users = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/users/transform"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "[{\"name\":\"ada\",\"age\":36,\"tags\":[\"math\",\"code\"]}]"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(users.statusCode()).as(users.body()).isEqualTo(200);
            assertThat(users.body()).contains("ADA");
            if (aot) {
                synchronized (log) {
                    assertThat(log).as("no bean definitions parsed at run time").doesNotContain("ERROR");
                }
            }
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    private static String get(HttpClient http, int port, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return response.body();
    }
}
