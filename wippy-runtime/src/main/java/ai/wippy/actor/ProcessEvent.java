package ai.wippy.actor;

import ai.wippy.call.WippyException;

/**
 * A lifecycle event on a process's events channel (Wippy's {@code @events} topic): EXIT of a
 * monitored process, LINK_DOWN of a linked process that failed, or CANCEL asked of this process.
 * {@code from} is the PID the event is about (or who cancelled); {@code value}/{@code error} are the
 * ended process's result ({@code code}: a WASI exit code, 0 when it returned); {@code reason} is a
 * CANCEL's reason.
 */
public record ProcessEvent(
        Kind kind, Pid from, String entryId, Object value, WippyException error, String reason, int code) {

    public ProcessEvent(Kind kind, Pid from, String entryId, Object value, WippyException error, String reason) {
        this(kind, from, entryId, value, error, reason, error == null ? 0 : 1);
    }

    public enum Kind {
        EXIT,
        LINK_DOWN,
        CANCEL
    }

    public boolean ok() {
        return error == null;
    }
}
