package ai.wippy.wasi.p2.sockets;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * {@code wasi:sockets/network.error-code}: the cases of the WIT enum, and how Java's socket
 * exceptions map onto them.
 */
public enum ErrorCode {
    UNKNOWN,
    ACCESS_DENIED,
    NOT_SUPPORTED,
    INVALID_ARGUMENT,
    OUT_OF_MEMORY,
    TIMEOUT,
    CONCURRENCY_CONFLICT,
    NOT_IN_PROGRESS,
    WOULD_BLOCK,
    INVALID_STATE,
    NEW_SOCKET_LIMIT,
    ADDRESS_NOT_BINDABLE,
    ADDRESS_IN_USE,
    REMOTE_UNREACHABLE,
    CONNECTION_REFUSED,
    CONNECTION_RESET,
    CONNECTION_ABORTED,
    DATAGRAM_TOO_LARGE,
    NAME_UNRESOLVABLE,
    TEMPORARY_RESOLVER_FAILURE,
    PERMANENT_RESOLVER_FAILURE;

    /** The case as the WIT spells it: {@code access-denied}. */
    public String witName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The case named {@code witName}, or null. */
    public static ErrorCode fromWit(String witName) {
        for (ErrorCode c : values()) {
            if (c.witName().equals(witName)) {
                return c;
            }
        }
        return null;
    }

    /** The error code a failed Java socket operation stands for. */
    public static ErrorCode of(Throwable t) {
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        if (t instanceof ConnectException) {
            return message.contains("timed out") ? TIMEOUT : CONNECTION_REFUSED;
        }
        if (t instanceof NoRouteToHostException || t instanceof PortUnreachableException) {
            return REMOTE_UNREACHABLE;
        }
        if (t instanceof SocketTimeoutException
                || t instanceof InterruptedByTimeoutException
                || t instanceof java.util.concurrent.TimeoutException) {
            return TIMEOUT;
        }
        if (t instanceof BindException) {
            return message.contains("in use") ? ADDRESS_IN_USE : ADDRESS_NOT_BINDABLE;
        }
        if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
            return NAME_UNRESOLVABLE;
        }
        if (t instanceof AsynchronousCloseException || t instanceof ClosedChannelException) {
            return CONNECTION_ABORTED;
        }
        if (t instanceof IOException) {
            if (message.contains("reset") || message.contains("broken pipe")) {
                return CONNECTION_RESET;
            }
            if (message.contains("refused")) {
                return CONNECTION_REFUSED;
            }
            if (message.contains("unreachable")) {
                return REMOTE_UNREACHABLE;
            }
            if (message.contains("too many open files")) {
                return NEW_SOCKET_LIMIT;
            }
            if (message.contains("message too long")) {
                return DATAGRAM_TOO_LARGE;
            }
        }
        if (t instanceof SecurityException) {
            return ACCESS_DENIED;
        }
        return UNKNOWN;
    }
}
