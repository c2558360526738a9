package ai.wippy.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.wippy.actor.ActorProcess;
import ai.wippy.actor.ActorSystem;
import ai.wippy.actor.MailboxLimits;
import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every permission of the process model, each with an allowed and a denied caller: the denied one
 * holds every other {@code process.*} action but this one, so the refusal is this check's and no
 * other's. Spawning uses the counter actor (fixtures/component/actor-counter).
 */
class ProcessPermissionsTest {

    static final List<String> ACTIONS = List.of(
            ActorSystem.SEND,
            ActorSystem.SPAWN,
            ActorSystem.SPAWN_MONITORED,
            ActorSystem.SPAWN_LINKED,
            ActorSystem.HOST,
            ActorSystem.TERMINATE,
            ActorSystem.CANCEL,
            ActorSystem.MONITOR,
            ActorSystem.UNMONITOR,
            ActorSystem.LINK,
            ActorSystem.UNLINK);

    private static WasmRegistry runtime(Path dir) {
        StringBuilder yaml = new StringBuilder(WasmActorTest.counterRegistry("t") + """
                  - { name: workers, kind: process.host, host: { workers: 2, queue_size: 8 } }
                  - name: everything
                    kind: security.policy
                    groups: [all]
                    policy: { actions: "process.*", resources: "*", effect: allow }
                """);
        for (int i = 0; i < ACTIONS.size(); i++) {
            List<String> others = new ArrayList<>(ACTIONS);
            others.remove(i);
            yaml.append("  - name: without_")
                    .append(i)
                    .append("\n    kind: security.policy\n    groups: [without_")
                    .append(i)
                    .append("]\n    policy: { actions: [")
                    .append(String.join(
                            ", ", others.stream().map(a -> "\"" + a + "\"").toList()))
                    .append("], resources: \"*\", effect: allow }\n");
        }
        return TestRegistries.runtime("t/_index.yaml", yaml.toString(), dir);
    }

    @Test
    void eachProcessPermissionAllowsItsHolderAndRefusesACallerWithoutIt(@TempDir Path dir) {
        try (WasmRegistry r = runtime(dir)) {
            ActorSystem actors = r.actors();
            ProcessHost host = ProcessHost.of(r);
            List<ProcessHandle> spawned = new ArrayList<>();
            for (int i = 0; i < ACTIONS.size(); i++) {
                String action = ACTIONS.get(i);
                CallContext allowed = TestRegistries.actingAs(r, "ada", "all");
                CallContext denied = TestRegistries.actingAs(r, "bob", "without_" + i);
                BiConsumer<CallContext, ActorProcess> op = operation(action, actors, host, spawned);
                ActorProcess ada = actors.register("t:ada", allowed, MailboxLimits.DEFAULT, null, false, false);
                ActorProcess bob = actors.register("t:bob", denied, MailboxLimits.DEFAULT, null, false, false);

                op.accept(allowed, ada);

                WippyException no = catchThrowableOfType(WippyException.class, () -> op.accept(denied, bob));
                assertThat(no).as("expected a refusal").isNotNull();
                assertThat(no.kind()).as(action).isEqualTo(ErrorKind.PERMISSION_DENIED);
                assertThat(no.getMessage()).as(action).contains("actor 'bob' may not " + action + " ");
            }
            spawned.forEach(ProcessHandle::stop);
        }
    }

    /** The operation {@code action} guards, by {@code caller} under a context. */
    private static BiConsumer<CallContext, ActorProcess> operation(
            String action, ActorSystem actors, ProcessHost host, List<ProcessHandle> spawned) {
        return (ctx, caller) -> {
            ActorProcess target =
                    actors.register("t:target", CallContext.empty(), MailboxLimits.DEFAULT, null, false, false);
            String pid = target.pid().toString();
            switch (action) {
                case ActorSystem.SEND -> actors.send(ctx, caller.pid(), pid, "hi", List.of());
                case ActorSystem.TERMINATE -> actors.terminate(ctx, caller.pid(), pid);
                case ActorSystem.CANCEL -> actors.cancel(ctx, caller.pid(), pid, "asked");
                case ActorSystem.MONITOR -> actors.monitor(ctx, caller, pid);
                case ActorSystem.UNMONITOR -> actors.unmonitor(ctx, caller, pid);
                case ActorSystem.LINK -> actors.link(ctx, caller, pid);
                case ActorSystem.UNLINK -> actors.unlink(ctx, caller, pid);
                case ActorSystem.SPAWN ->
                    spawned.add(host.spawnAs(ctx, caller, null, "t:counter", List.of(), false, false));
                case ActorSystem.SPAWN_MONITORED ->
                    spawned.add(host.spawnAs(ctx, caller, null, "t:counter", List.of(), true, false));
                case ActorSystem.SPAWN_LINKED ->
                    spawned.add(host.spawnAs(ctx, caller, null, "t:counter", List.of(), false, true));
                case ActorSystem.HOST ->
                    spawned.add(host.spawnAs(ctx, caller, "t:workers", "t:counter", List.of(), false, false));
                default -> throw new AssertionError(action);
            }
        };
    }
}
