package ai.wippy.process;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.actor.ActorProcess;
import ai.wippy.actor.MailboxLimits;
import ai.wippy.actor.Message;
import ai.wippy.call.CallContext;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code process.service}: auto start in dependency order, restarts with backoff, giving up, shutdown. */
class SupervisorTest {

    static WasmRegistry runtime(Path dir) {
        String yaml = WasmActorTest.counterRegistry("s") + """
                  - name: traps
                    kind: process.wasm
                    source: '(module (memory (export "memory") 1) (func (export "_start") unreachable))'
                  - name: crashing
                    kind: process.service
                    process: traps
                    lifecycle:
                      auto_start: true
                      restart: { initial_delay: 10ms, max_delay: 30ms, backoff_factor: 2, jitter: 0, max_attempts: 3 }
                  - name: front
                    kind: process.service
                    process: s:counter
                    lifecycle:
                      auto_start: true
                      requires: [s:back]
                      stable_threshold: 1ms
                      restart: { initial_delay: 5ms, jitter: 0 }
                  - name: back
                    kind: process.service
                    process: s:counter
                    lifecycle: { auto_start: true }
                  - name: manual
                    kind: process.service
                    process: s:counter
                """;
        return TestRegistries.runtime("s/_index.yaml", yaml, dir);
    }

    private static void await(Supervisor s, String id, Supervisor.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (s.status(id).state() != state && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(s.status(id).state()).isEqualTo(state);
    }

    @Test
    void aCrashingServiceIsRestartedWithBackoffThenGivenUpOn(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(dir);
                Supervisor s = new Supervisor(r).start()) {
            await(s, "s:crashing", Supervisor.State.FAILED);
            Supervisor.Status st = s.status("s:crashing");
            assertThat(st.restarts()).isEqualTo(3);
            assertThat(st.delays())
                    .as("initial 10ms, doubled, capped at max_delay 30ms")
                    .containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(30));
            assertThat(st.lastError()).isNotNull();
            assertThat(s.healthy()).isFalse();
            assertThat(s.log())
                    .filteredOn(l -> l.endsWith("s:crashing"))
                    .containsExactly(
                            "start s:crashing",
                            "restart s:crashing",
                            "start s:crashing",
                            "restart s:crashing",
                            "start s:crashing",
                            "restart s:crashing",
                            "start s:crashing",
                            "failed s:crashing");
        }
    }

    @Test
    void servicesStartAfterWhatTheyRequireAndStopInReverse(@TempDir Path dir) throws Exception {
        WasmRegistry r = runtime(dir);
        try (r) {
            Supervisor s = new Supervisor(r).start();
            List<String> starts = s.log().stream()
                    .filter(l -> l.startsWith("start s:front") || l.startsWith("start s:back"))
                    .toList();
            assertThat(starts).containsExactly("start s:back", "start s:front");
            assertThat(s.status("s:manual").state()).as("no auto_start").isEqualTo(Supervisor.State.STOPPED);
            s.close();
            List<String> stops =
                    s.log().stream().filter(l -> l.startsWith("stop ")).toList();
            assertThat(stops).containsExactly("stop s:front", "stop s:back");
            assertThat(s.status("s:front").state()).isEqualTo(Supervisor.State.STOPPED);
        }
    }

    @Test
    void aStableServiceRestartsFromTheFirstAttemptWithItsStateReset(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(dir);
                Supervisor s = new Supervisor(r).start()) {
            ActorProcess me =
                    r.actors().register("test:caller", CallContext.empty(), MailboxLimits.DEFAULT, null, false, false);
            for (int crash = 1; crash <= 3; crash++) {
                await(s, "s:front", Supervisor.State.RUNNING);
                String pid = s.status("s:front").pid();
                me.send(pid, "inc", List.of());
                me.send(pid, "get", List.of());
                Message m = me.mailbox().receive(x -> true, TimeUnit.SECONDS.toNanos(30));
                assertThat(m.payloads())
                        .as("a restarted actor starts from a fresh instance")
                        .containsExactly(ai.wippy.actor.Payload.json("1"));
                Thread.sleep(5); // past stable_threshold (1ms)
                me.send(pid, "crash", List.of());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (s.status("s:front").restarts() < crash && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(s.status("s:front").restarts()).isEqualTo(crash);
            }
            assertThat(s.status("s:front").delays())
                    .as("each failure after a stable run is attempt 1 again")
                    .containsOnly(Duration.ofMillis(5));
        }
    }
}
