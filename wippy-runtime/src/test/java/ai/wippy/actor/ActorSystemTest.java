package ai.wippy.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.security.AccessGuard;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ActorSystemTest {

    private final ActorSystem system = new ActorSystem("n1", new AccessGuard(false));

    private ActorProcess spawn(MailboxLimits limits) {
        return system.register("t:p", CallContext.empty(), limits, null, false, false);
    }

    private static WippyException refusal(Runnable r) {
        try {
            r.run();
        } catch (WippyException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void pidNamesItsNodeAndRoundTrips() {
        ActorProcess p = spawn(MailboxLimits.DEFAULT);
        assertThat(p.pid().toString()).startsWith("{n1|0x").endsWith("}");
        assertThat(Pid.parse(p.pid().toString())).isEqualTo(p.pid());
        // at least eight hex digits, all sixteen of a sequence number beyond the signed range
        assertThat(new Pid("n1", 42).toString()).isEqualTo("{n1|0x0000002a}");
        assertThat(new Pid("n1", 0x1234_5678_9aL).toString()).isEqualTo("{n1|0x123456789a}");
        assertThat(new Pid("n1", -1).toString()).isEqualTo("{n1|0xffffffffffffffff}");
        assertThat(Pid.parse("{n1|0xffffffffffffffff}")).isEqualTo(new Pid("n1", -1));
        // a PID written otherwise is the same PID and prints the one way
        assertThat(Pid.parse("{n1|0x2A}").toString()).isEqualTo("{n1|0x0000002a}");
        assertThat(Pid.parse("{n1|0x000000000000002a}").toString()).isEqualTo("{n1|0x0000002a}");
        assertThat(Pid.parse("{n1|0x+0000002a}").toString()).isEqualTo("{n1|0x0000002a}");
        assertThat(Pid.parse("{n1|0x0000002a}").toString()).isEqualTo("{n1|0x0000002a}");
        assertThatThrownBy(() -> Pid.parse("42"))
                .isInstanceOf(WippyException.class)
                .hasMessageContaining("is not a PID");
    }

    @Test
    void messagesArriveFifoWithTheRuntimesSenderPid() {
        ActorProcess a = spawn(MailboxLimits.DEFAULT);
        ActorProcess b = spawn(MailboxLimits.DEFAULT);
        for (int i = 0; i < 5; i++) {
            a.send(b.pid().toString(), "n", List.of(Payload.text("m" + i)));
        }
        for (int i = 0; i < 5; i++) {
            Message m = b.mailbox().poll();
            assertThat(m.from()).isEqualTo(a.pid());
            assertThat(m.payloads()).containsExactly(Payload.text("m" + i));
        }
        assertThat(b.mailbox().poll()).isNull();
    }

    @Test
    void mailboxBudgetsRefuseWithAnExplicitError() {
        ActorProcess sender = spawn(MailboxLimits.DEFAULT);
        ActorProcess small = spawn(new MailboxLimits(2, 70, 40));
        String to = small.pid().toString();
        WippyException tooBig = refusal(() -> sender.send(to, "t", List.of(Payload.text("x".repeat(40)))));
        assertThat(tooBig.kind()).isEqualTo(ErrorKind.INVALID);
        assertThat(tooBig.getMessage()).contains("mailbox.message_bytes 40");
        List<Payload> seventeen = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            seventeen.add(Payload.text(""));
        }
        assertThat(refusal(() -> sender.send(to, "t", seventeen)).getMessage()).contains("at most 16 payloads");
        assertThat(refusal(() -> sender.send(to, "@x", List.of())).getMessage()).contains("reserved");
        sender.send(to, "t", List.of(Payload.text("a".repeat(30))));
        sender.send(to, "t", List.of(Payload.text("b".repeat(30))));
        WippyException full = refusal(() -> sender.send(to, "t", List.of(Payload.text("c"))));
        assertThat(full.kind()).isEqualTo(ErrorKind.SATURATED);
        assertThat(full.getMessage()).contains("mailbox.capacity 2");
        small.mailbox().poll();
        WippyException bytes = refusal(() -> sender.send(to, "t", List.of(Payload.text("d".repeat(39)))));
        assertThat(bytes.kind()).isEqualTo(ErrorKind.SATURATED);
        assertThat(bytes.getMessage()).contains("mailbox.bytes 70");
        // nothing was dropped: the accepted message is still there, and the refused ones are not
        assertThat(small.mailbox().poll().payloads()).containsExactly(Payload.text("b".repeat(30)));
        assertThat(small.mailbox().poll()).isNull();
        assertThat(small.mailbox().rejected()).isEqualTo(4);
        assertThatThrownBy(() -> new MailboxLimits(1, 10, 11)).hasMessageContaining("may not be above mailbox.bytes");
    }

    @Test
    void sendingToAnEndedOrRemoteProcessIsNotFound() {
        ActorProcess a = spawn(MailboxLimits.DEFAULT);
        ActorProcess b = spawn(MailboxLimits.DEFAULT);
        system.exited(b, null, null);
        assertThat(refusal(() -> a.send(b.pid().toString(), "t", List.of())).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(refusal(() -> a.send("{n2|0x00000001}", "t", List.of())).getMessage())
                .contains("node 'n2'");
    }

    @Test
    void monitorsGetExitAndTrappingLinksGetLinkDown() throws Exception {
        ActorProcess parent = spawn(MailboxLimits.DEFAULT);
        parent.trapLinks(true);
        ActorProcess watched = system.register("t:w", CallContext.empty(), MailboxLimits.DEFAULT, parent, true, false);
        ActorProcess linked = system.register("t:l", CallContext.empty(), MailboxLimits.DEFAULT, parent, false, true);
        system.exited(watched, 42, null);
        ProcessEvent exit = parent.receiveEvent(TimeUnit.SECONDS.toNanos(10));
        assertThat(exit.kind()).isEqualTo(ProcessEvent.Kind.EXIT);
        assertThat(exit.from()).isEqualTo(watched.pid());
        assertThat(exit.value()).isEqualTo(42);
        system.exited(linked, null, new WippyException(ErrorKind.TRAPPED, "t:l", "boom"));
        ProcessEvent down = parent.receiveEvent(TimeUnit.SECONDS.toNanos(10));
        assertThat(down.kind()).isEqualTo(ProcessEvent.Kind.LINK_DOWN);
        assertThat(down.error().getMessage()).contains("boom");
        // a link that does not trap is terminated with its failed peer
        ActorProcess other = spawn(MailboxLimits.DEFAULT);
        CountDownLatch killed = new CountDownLatch(1);
        other.terminator(killed::countDown);
        ActorProcess failing = system.register("t:f", CallContext.empty(), MailboxLimits.DEFAULT, other, false, true);
        system.exited(failing, null, new WippyException(ErrorKind.TRAPPED, "t:f", "boom"));
        assertThat(killed.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void exitsReachTheirSubscribersAndCompleteWhenTheSystemCloses() {
        ActorSystem own = new ActorSystem("n2", new AccessGuard(false));
        // an exit before anyone subscribed has no one to reach
        own.exited(own.register("t:early", CallContext.empty(), MailboxLimits.DEFAULT, null, false, false), 1, null);
        List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        var done = new CountDownLatch(1);
        own.exits().subscribe(e -> seen.add(e.value()), e -> {}, done::countDown);
        own.exited(own.register("t:late", CallContext.empty(), MailboxLimits.DEFAULT, null, false, false), 2, null);
        own.close();
        assertThat(done.getCount()).isZero();
        assertThat(seen).containsExactly(2);
        // subscribed after the close: complete at once
        assertThat(own.exits().collectList().block(java.time.Duration.ofSeconds(10)))
                .isEmpty();
    }

    @Test
    void cancelIsAnEventWithItsReason() throws Exception {
        ActorProcess a = spawn(MailboxLimits.DEFAULT);
        ActorProcess b = spawn(MailboxLimits.DEFAULT);
        system.cancel(CallContext.empty(), a.pid(), b.pid().toString(), "enough");
        ProcessEvent e = b.receiveEvent(TimeUnit.SECONDS.toNanos(10));
        assertThat(e.kind()).isEqualTo(ProcessEvent.Kind.CANCEL);
        assertThat(e.reason()).isEqualTo("enough");
        assertThat(e.from()).isEqualTo(a.pid());
    }

    static final String POLICIES = """
            version: "1.0"
            namespace: sec
            entries:
              - name: senders
                kind: security.policy
                groups: [senders]
                policy: { actions: "process.*", resources: "*", effect: allow }
              - name: nobody
                kind: security.policy
                groups: [others]
                policy: { actions: "funcs.call", resources: "*", effect: allow }
            """;

    @Test
    void sendIsAuthorizedUnderTheSendersScope() {
        try (WasmRegistry r = TestRegistries.runtime(POLICIES)) {
            ActorSystem actors = r.actors();
            CallContext allowed = TestRegistries.actingAs(r, "ada", "senders");
            CallContext denied = TestRegistries.actingAs(r, "bob", "others");
            ActorProcess target =
                    actors.register("t:p", CallContext.empty(), MailboxLimits.DEFAULT, null, false, false);
            ActorProcess ada = actors.register("t:a", allowed, MailboxLimits.DEFAULT, null, false, false);
            ActorProcess bob = actors.register("t:b", denied, MailboxLimits.DEFAULT, null, false, false);
            ada.send(target.pid().toString(), "hi", List.of(Payload.json("{\"n\":1}")));
            Message m = target.mailbox().poll();
            assertThat(m.origin().actor().id()).isEqualTo("ada");
            WippyException no = refusal(() -> bob.send(target.pid().toString(), "hi", List.of()));
            assertThat(no.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED);
            assertThat(no.getMessage()).contains("actor 'bob' may not process.send " + target.pid());
            assertThat(target.mailbox().poll()).as("nothing delivered").isNull();
            // anonymous is no privilege: policies are loaded, an unscoped caller is denied when required
            assertThat(refusal(() -> actors.terminate(
                                    denied, bob.pid(), target.pid().toString()))
                            .kind())
                    .isEqualTo(ErrorKind.PERMISSION_DENIED);
        }
    }

    @Test
    void aThousandParkedReceiversHoldFewPlatformThreads() throws Exception {
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        List<ActorProcess> all = new ArrayList<>();
        CountDownLatch parked = new CountDownLatch(1000);
        CountDownLatch got = new CountDownLatch(1000);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ActorProcess p = spawn(MailboxLimits.DEFAULT);
            all.add(p);
            threads.add(Thread.ofVirtual().start(() -> {
                parked.countDown();
                try {
                    if (p.mailbox().receive(m -> true) != null) {
                        got.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        assertThat(parked.await(30, TimeUnit.SECONDS)).isTrue();
        // every receiver is parked in receive (WAITING), none is spinning
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (threads.stream().anyMatch(t -> t.getState() != Thread.State.WAITING) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(threads).allMatch(t -> t.getState() == Thread.State.WAITING);
        int during = ManagementFactory.getThreadMXBean().getThreadCount();
        assertThat(during - before)
                .as("platform threads added by 1,000 parked actors")
                .isLessThan(50);
        ActorProcess sender = spawn(MailboxLimits.DEFAULT);
        for (ActorProcess p : all) {
            sender.send(p.pid().toString(), "wake", List.of());
        }
        assertThat(got.await(30, TimeUnit.SECONDS)).isTrue();
    }
}
