package ai.wippy.process;

import ai.wippy.call.WippyException;

/**
 * How a process ended: {@code code} is the WASI exit code ({@code 0} when {@code _start} returned,
 * {@code 1} on an error), {@code value} the export's return value for non-command programs (null
 * otherwise), {@code error} what went wrong (a trap, a stop: kind CANCELED), or null.
 */
public record ProcessExit(long pid, String id, int code, Object value, WippyException error) {

    public boolean ok() {
        return error == null && code == 0;
    }
}
