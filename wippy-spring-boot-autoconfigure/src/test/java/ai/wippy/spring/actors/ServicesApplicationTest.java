package ai.wippy.spring.actors;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.actor.Payload;
import ai.wippy.actor.Pid;
import ai.wippy.process.Supervisor;
import ai.wippy.spring.TestMeters;
import ai.wippy.spring.actuate.WippyEndpoint;
import ai.wippy.spring.actuate.WippyHealthIndicator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code process.service} entries with the Spring context: started at refresh, the actor reachable
 * through {@link WippyProcesses}, listed on the {@code wippy} endpoint, health DOWN once a service
 * used up its restarts, and stopped when the context closes.
 */
class ServicesApplicationTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    @Test
    void servicesRunWithTheContext() throws Exception {
        SpringApplication app = new SpringApplication(App.class);
        app.setDefaultProperties(Map.of(
                "wippy.registry.locations", "classpath*:wippy-services/_index.yaml",
                "spring.main.web-application-type", "none",
                "spring.jmx.enabled", "true",
                "management.endpoints.jmx.exposure.include", "wippy,health"));
        Supervisor supervisor;
        try (ConfigurableApplicationContext ctx = app.run()) {
            supervisor = ctx.getBean(Supervisor.class);
            Supervisor.Status counter = supervisor.status("svc:counter_service");
            assertThat(counter.state()).isEqualTo(Supervisor.State.RUNNING);
            WippyProcesses processes = ctx.getBean(WippyProcesses.class);
            Pid pid = Pid.parse(counter.pid());
            processes.send(pid, "inc");
            processes.send(pid, "inc");
            assertThat(processes
                            .request(pid, "get", null, Duration.ofSeconds(20))
                            .block()
                            .payloads())
                    .containsExactly(Payload.json("2"));

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (supervisor.healthy() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            WippyHealthIndicator health = ctx.getBean(WippyHealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.health().getDetails().get("failedServices").toString())
                    .contains("svc:crashing_service");

            io.micrometer.core.instrument.MeterRegistry meters =
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            ctx.getBean(ai.wippy.spring.metrics.WippyActorMetrics.class).bindTo(meters);
            assertThat(TestMeters.functionCount(meters, "wippy.actors.messages.sent"))
                    .as("two incs, a get and its reply")
                    .isGreaterThanOrEqualTo(4.0);
            // per entry: the counter took two incs and a get, and sent the reply; the crashing service restarted twice
            assertReadings(
                    meters,
                    "entry=svc:counter",
                    Map.of(
                            "wippy.actors.live", 1.0,
                            "wippy.actors.mailbox.depth", 0.0,
                            "wippy.actors.messages.in", 3.0,
                            "wippy.actors.messages.out", 1.0));
            assertReadings(meters, "service=svc:counter_service", Map.of("wippy.services.running", 1.0));
            assertReadings(
                    meters,
                    "service=svc:crashing_service",
                    Map.of("wippy.services.running", 0.0, "wippy.services.restarts", 2.0));
            assertReadings(meters, "entry=svc:traps", Map.of("wippy.actors.restarts", 2.0));
            assertReadings(meters, "entry=svc:counter,limit=max_open_sockets", Map.of("wippy.actors.io.refused", 0.0));

            // a process.host of one worker: the first actor keeps it, the second waits in the queue,
            // and the waiting actor's mailbox (capacity 2) refuses a third message
            ai.wippy.runtime.WasmRegistry registry = ctx.getBean(ai.wippy.runtime.WasmRegistry.class);
            ai.wippy.process.ProcessHost host = ai.wippy.process.ProcessHost.of(registry);
            ai.wippy.process.ProcessHandle running = host.spawnOn("svc:workers", "svc:counter", List.of(), null, null);
            processes.send(running.processId(), "inc");
            assertThat(processes
                            .request(running.processId(), "get", null, Duration.ofSeconds(20))
                            .block()
                            .payloads())
                    .as("the first actor runs on the host's worker")
                    .containsExactly(Payload.json("1"));
            ai.wippy.process.ProcessHandle waiting = host.spawnOn("svc:workers", "svc:boxed", List.of(), null, null);
            processes.send(waiting.processId(), "inc");
            processes.send(waiting.processId(), "inc");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> processes.send(waiting.processId(), "inc"))
                    .as("the third message is over the waiting actor's mailbox capacity")
                    .isInstanceOf(ai.wippy.call.WippyException.class);
            assertReadings(
                    meters,
                    "host=svc:workers",
                    Map.of(
                            "wippy.process.host.processes", 2.0,
                            "wippy.process.host.workers", 1.0,
                            "wippy.process.host.workers.busy", 1.0,
                            "wippy.process.host.queue.depth", 1.0));
            assertReadings(
                    meters,
                    "entry=svc:boxed",
                    Map.of("wippy.actors.messages.in", 2.0, "wippy.actors.messages.rejected", 1.0));
            running.stop();
            waiting.stop();

            @SuppressWarnings("unchecked")
            List<Map<String, Object>> actors = (List<Map<String, Object>>)
                    ctx.getBean(WippyEndpoint.class).registry().get("actors");
            assertThat(actors)
                    .anySatisfy(a -> assertThat(a)
                            .containsEntry("pid", pid.toString())
                            .containsEntry("entry", "svc:counter")
                            .containsEntry("state", "running"));
        }
        assertThat(supervisor.log()).contains("stop svc:counter_service");
        assertThat(supervisor.status("svc:counter_service").state()).isEqualTo(Supervisor.State.STOPPED);
    }

    /**
     * Checks meters of the same tags ({@code key=value,...}) by what each reads (a gauge's value, a
     * function counter's count), keyed by the meter's name.
     */
    private static void assertReadings(
            io.micrometer.core.instrument.MeterRegistry meters, String tags, Map<String, Double> readings) {
        String[] keysAndValues = tags.split("[=,]");
        readings.forEach((name, expected) -> {
            io.micrometer.core.instrument.Meter meter =
                    meters.get(name).tags(keysAndValues).meter();
            assertThat(meter.measure().iterator().next().getValue())
                    .as(name + " " + tags)
                    .isEqualTo(expected);
        });
    }
}
