package ai.wippy.process;

import ai.wippy.actor.ActorProcess;
import ai.wippy.actor.ActorSystem;
import ai.wippy.call.CallContext;

/**
 * How a process is spawned: on which node's {@link ActorSystem}, under which identity ({@code
 * context}: the spawner's actor and scope, which the process's sends are authorized with), and
 * whether the spawning process {@code parent} (may be null) monitors and/or links to it.
 */
public record Spawn(ActorSystem system, CallContext context, ActorProcess parent, boolean monitored, boolean linked) {

    public static Spawn plain(ActorSystem system) {
        return new Spawn(system, CallContext.current(), ActorProcess.current(), false, false);
    }
}
