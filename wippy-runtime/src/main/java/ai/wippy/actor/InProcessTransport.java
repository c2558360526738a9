package ai.wippy.actor;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;

/** Delivers to the mailboxes of this node's processes; a PID of another node is NOT_FOUND. */
public final class InProcessTransport implements MessageTransport {

    private final ActorSystem system;

    public InProcessTransport(ActorSystem system) {
        this.system = system;
    }

    @Override
    public void deliver(Pid target, Message message) {
        if (!target.node().equals(system.node())) {
            throw new WippyException(
                    ErrorKind.NOT_FOUND,
                    target.toString(),
                    "process " + target + " is on node '" + target.node() + "', and no transport reaches other nodes"
                            + " from node '" + system.node() + "'");
        }
        ActorProcess p = system.lookup(target)
                .orElseThrow(() -> new WippyException(
                        ErrorKind.NOT_FOUND,
                        target.toString(),
                        "no process " + target + " (it has ended or never was)"));
        p.mailbox().admit(message);
    }
}
