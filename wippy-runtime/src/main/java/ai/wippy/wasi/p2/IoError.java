package ai.wippy.wasi.p2;

import ai.wippy.component.host.WitResource;

/**
 * The host object behind a {@code wasi:io/error.error} handle. {@code cause} lets other
 * interfaces (filesystem, http) recognise their own errors ({@code filesystem-error-code}).
 */
@WitResource("error")
public record IoError(String message, Object cause) {

    /** {@code [method]error.to-debug-string}. */
    public String toDebugString() {
        return message;
    }
}
