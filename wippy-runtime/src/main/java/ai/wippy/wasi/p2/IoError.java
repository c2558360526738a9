package ai.wippy.wasi.p2;

/**
 * The host object behind a {@code wasi:io/error.error} handle. {@code cause} lets other
 * interfaces (filesystem, http) recognise their own errors ({@code filesystem-error-code}).
 */
public record IoError(String message, Object cause) {}
