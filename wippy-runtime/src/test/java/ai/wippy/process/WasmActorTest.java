package ai.wippy.process;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.actor.ActorProcess;
import ai.wippy.actor.ActorSystem;
import ai.wippy.actor.MailboxLimits;
import ai.wippy.actor.Message;
import ai.wippy.actor.Payload;
import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stateful component actor over {@code wippy:actor/process@0.1.0} (fixtures/component/actor-counter):
 * one instance for the process's life, messages from Java, Lua and another process, receive and
 * subscribe, CANCEL, a crash.
 */
class WasmActorTest {

    static final Path FIXTURE =
            Path.of("src/test/fixtures/component/actor-counter").toAbsolutePath();

    /**
     * The head of a registry in {@code namespace} with the counter actor: {@code bin} (the fixture
     * folder) and {@code counter}; more entries may follow.
     */
    static String counterRegistry(String namespace) {
        return """
                version: "1.0"
                namespace: %s
                entries:
                  - { name: bin, kind: fs.directory, directory: "%s" }
                  - { name: counter, kind: process.wasm, fs: bin, path: counter.wasm, method: run, imports: [wippy:actor] }
                """.formatted(namespace, FIXTURE);
    }

    static WasmRegistry runtime(Path dir) {
        String yaml = WasmActorTest.counterRegistry("t") + """
                  - name: poller
                    kind: process.wasm
                    fs: bin
                    path: counter.wasm
                    method: run-polling
                    imports: [wippy:actor, wasi:poll]
                  - name: ask
                    kind: function.lua
                    method: run
                    source: |
                      return { run = function(pid, n)
                        for i = 1, n do assert(process.send(pid, "inc")) end
                        assert(process.send(pid, "get"))
                        local reply = process.inbox():receive()
                        return { topic = reply:topic(), from = reply:from(), count = reply:payload():data() }
                      end }
                """;
        return TestRegistries.runtime("t/_index.yaml", yaml, dir);
    }

    /** A Java-side process to send from and receive replies in. */
    private static ActorProcess caller(WasmRegistry r) {
        return r.actors().register("test:caller", CallContext.empty(), MailboxLimits.DEFAULT, null, false, false);
    }

    private static Message reply(ActorProcess caller) throws InterruptedException {
        Message m = caller.mailbox().receive(x -> true, TimeUnit.SECONDS.toNanos(30));
        assertThat(m).as("a reply within 30 s").isNotNull();
        return m;
    }

    /** An actor spawned from {@code entry} and the Java-side process talking to it (see {@link #caller}). */
    private record Talk(ProcessHandle actor, ActorProcess me, String pid) {
        static Talk to(WasmRegistry r, String entry) {
            ProcessHandle actor = ProcessHost.of(r).spawn(entry, List.of());
            return new Talk(actor, caller(r), actor.processId().toString());
        }

        /** Sends {@code incs} "inc" messages and a "get" to the actor; the reply. */
        Message countAfter(int incs) throws InterruptedException {
            return WasmActorTest.countAfter(me, pid, incs);
        }

        /** How the actor ended (within 30 s). */
        ProcessExit exit() throws Exception {
            return actor.exit().get(30, TimeUnit.SECONDS);
        }
    }

    /** Sends {@code incs} "inc" messages and a "get" to {@code pid}; the reply. */
    private static Message countAfter(ActorProcess me, String pid, int incs) throws InterruptedException {
        for (int i = 0; i < incs; i++) {
            me.send(pid, "inc", List.of());
        }
        me.send(pid, "get", List.of());
        return reply(me);
    }

    @Test
    void stateIsKeptAcrossTenThousandMessages(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(dir)) {
            Talk counter = Talk.to(r, "t:counter");
            ActorProcess me = counter.me();
            String pid = counter.pid();
            for (int batch = 1; batch <= 100; batch++) {
                Message m = counter.countAfter(100);
                assertThat(m.topic()).isEqualTo("count");
                assertThat(m.from()).isEqualTo(counter.actor().processId());
                assertThat(m.payloads()).containsExactly(Payload.json(String.valueOf(batch * 100)));
            }
            me.send(pid, "self", List.of());
            assertThat(reply(me).payloads()).containsExactly(Payload.text(pid));
            me.send(pid, "ping", List.of(Payload.bytes(new byte[] {1, 2, 3}), Payload.text("x")));
            Message pong = reply(me);
            assertThat(pong.topic()).isEqualTo("pong");
            assertThat(((Payload.Bytes) pong.payloads().get(0)).data()).containsExactly(1, 2, 3);
            assertThat(pong.payloads().get(1)).isEqualTo(Payload.text("x"));
            // CANCEL reaches the guest as @cancel; it ends and returns its count
            r.actors().cancel(CallContext.empty(), me.pid(), pid, "done");
            ProcessExit exit = counter.exit();
            assertThat(exit.error()).isNull();
            assertThat(exit.value()).isEqualTo(10_000L);
            assertThat(r.actors().lookup(counter.actor().processId()))
                    .as("released with its PID")
                    .isEmpty();
        }
    }

    @Test
    void shutdownCancelsLiveActorsAndKeepsWhatTheyTook(@TempDir Path dir) throws Exception {
        Talk counter;
        try (WasmRegistry r = runtime(dir)) {
            counter = Talk.to(r, "t:counter");
            assertThat(counter.countAfter(100).payloads()).containsExactly(Payload.json("100"));
        }
        // closing the runtime sent CANCEL: the guest ended on its own, with every message it had taken
        ProcessExit exit = counter.exit();
        assertThat(exit.error()).as("ended by CANCEL, not terminated").isNull();
        assertThat(exit.value()).isEqualTo(100L);
    }

    @Test
    void luaTalksToTheWasmActor(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(dir)) {
            ProcessHandle counter = ProcessHost.of(r).spawn("t:counter", List.of());
            String pid = counter.processId().toString();
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> first = (java.util.Map<String, Object>) r.call("t:ask", pid, 3);
            assertThat(first).containsEntry("topic", "count").containsEntry("from", pid);
            assertThat(((Number) first.get("count")).intValue()).isEqualTo(3);
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> second = (java.util.Map<String, Object>) r.call("t:ask", pid, 2);
            assertThat(((Number) second.get("count")).intValue())
                    .as("state kept between calls")
                    .isEqualTo(5);
            counter.stop();
        }
    }

    @Test
    void subscribeIsAPollableThatWakesOnAMessage(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(dir)) {
            Talk poller = Talk.to(r, "t:poller");
            assertThat(poller.countAfter(50).payloads()).containsExactly(Payload.json("50"));
            poller.me().send(poller.pid(), "crash", List.of());
            ProcessExit exit = poller.exit();
            assertThat(exit.error()).isNotNull();
            assertThat(exit.error().kind()).isEqualTo(ErrorKind.TRAPPED);
        }
    }

    @Test
    void aThousandIdleWasmActorsParkWithoutPlatformThreads(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(dir)) {
            ActorSystem actors = r.actors();
            int before = ManagementFactory.getThreadMXBean().getThreadCount();
            List<ProcessHandle> all = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                all.add(ProcessHost.of(r).spawn("t:counter", List.of()));
            }
            ActorProcess me = caller(r);
            // every actor answers, so every one is up and back in receive
            for (ProcessHandle h : all) {
                me.send(h.processId().toString(), "get", List.of());
                reply(me);
            }
            int during = ManagementFactory.getThreadMXBean().getThreadCount();
            assertThat(actors.processes()).hasSizeGreaterThanOrEqualTo(1000);
            assertThat(during - before)
                    .as("platform threads added by 1,000 idle actors")
                    .isLessThan(50);
            all.forEach(ProcessHandle::stop);
            for (ProcessHandle h : all) {
                h.exit().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
