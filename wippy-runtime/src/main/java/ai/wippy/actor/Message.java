package ai.wippy.actor;

import ai.wippy.call.CallContext;
import java.util.List;

/**
 * A message as the receiver sees it: the sender PID (set by the runtime; null for a Java caller that
 * is no process), the topic, up to {@link #MAX_PAYLOADS} payloads, and the sender's call context
 * (actor and scope), so the receiver can check who sent it as Wippy does.
 */
public record Message(Pid from, String topic, List<Payload> payloads, CallContext origin) {

    public static final int MAX_PAYLOADS = 16;

    public Message {
        payloads = List.copyOf(payloads);
        origin = origin == null ? CallContext.empty() : origin;
    }

    /** Topic bytes plus payload bytes: what the mailbox budgets count. */
    public long size() {
        long n = topic.length();
        for (Payload p : payloads) {
            n += p.size();
        }
        return n;
    }
}
