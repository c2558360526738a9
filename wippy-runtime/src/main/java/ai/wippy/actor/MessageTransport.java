package ai.wippy.actor;

/**
 * Carries a message to the node its target PID names. The runtime uses {@link InProcessTransport},
 * which delivers to this node's processes and refuses other nodes; a transport over a broker (Spring
 * Cloud Stream, Redis streams) implements this for PIDs of other nodes, see {@code docs/scaling.md}.
 * A transport delivers at most once and reports the refusal of the receiving mailbox to the sender
 * when it can; it never retries on its own.
 */
public interface MessageTransport {

    /**
     * Delivers {@code message} to {@code target}, or throws the {@link ai.wippy.call.WippyException}
     * that says why not (NOT_FOUND: no such process; SATURATED or INVALID: the mailbox refused it).
     */
    void deliver(Pid target, Message message);
}
