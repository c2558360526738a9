package ai.wippy.registry;

/**
 * How registry files are read.
 *
 * @param maxFileSize the largest {@code _index.yaml} accepted, in bytes; a larger one is refused before
 *     it is parsed (Spring: {@code wippy.registry.max-file-size}, 4 MiB by default)
 * @param allowOutsideSources whether a {@code source: file://...} may name a file outside the folder of
 *     the {@code _index.yaml} that declares it ({@code ..}, an absolute path, a link leading out, an
 *     absolute {@code classpath:} path); off by default (Spring: {@code
 *     wippy.registry.allow-outside-sources})
 */
public record RegistryOptions(long maxFileSize, boolean allowOutsideSources) {

    /** 4 MiB. */
    public static final long DEFAULT_MAX_FILE_SIZE = 4L * 1024 * 1024;

    public RegistryOptions {
        if (maxFileSize <= 0) {
            throw new IllegalArgumentException("the registry's max file size must be positive, got " + maxFileSize);
        }
    }

    public static RegistryOptions defaults() {
        return new RegistryOptions(DEFAULT_MAX_FILE_SIZE, false);
    }
}
