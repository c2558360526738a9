package ai.wippy.call;

/** The kind of a failed call, the same for Java, Lua and WASM callers. */
public enum ErrorKind {
    /** Arguments of the wrong shape, or a bad request. */
    INVALID,
    /** No entry with that ID, or the entry is not callable. */
    NOT_FOUND,
    /** A security policy denied the call. */
    PERMISSION_DENIED,
    /** The call's deadline or {@code max_execution_ms} passed. */
    TIMEOUT,
    /** The caller went away or cancelled. */
    CANCELED,
    /** The function's pool is full and its queue too. */
    SATURATED,
    /** The guest trapped (unreachable, out of bounds, stack overflow...). */
    TRAPPED,
    /** The guest returned an error value ({@code result} err, Lua {@code nil, err}). */
    GUEST_ERROR,
    /** A capability the entry was not granted was needed. */
    CAPABILITY_DENIED,
    /** Anything else that went wrong inside the runtime. */
    INTERNAL
}
