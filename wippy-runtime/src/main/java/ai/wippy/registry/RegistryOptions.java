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
 * @param directoryBase the folder a relative {@code fs.directory} path resolves against, or {@code null}
 *     for the folder of the {@code _index.yaml} that declares it (the default). Wippy resolves them
 *     against the project's working directory: set this to that folder to boot a Wippy project's
 *     files unchanged (Spring: {@code wippy.registry.directory-base})
 */
public record RegistryOptions(long maxFileSize, boolean allowOutsideSources, java.nio.file.Path directoryBase) {

    /** 4 MiB. */
    public static final long DEFAULT_MAX_FILE_SIZE = 4L * 1024 * 1024;

    public RegistryOptions {
        if (maxFileSize <= 0) {
            throw new IllegalArgumentException("the registry's max file size must be positive, got " + maxFileSize);
        }
    }

    public RegistryOptions(long maxFileSize, boolean allowOutsideSources) {
        this(maxFileSize, allowOutsideSources, null);
    }

    public static RegistryOptions defaults() {
        return new RegistryOptions(DEFAULT_MAX_FILE_SIZE, false);
    }

    /** These options with relative {@code fs.directory} paths resolved against {@code folder}. */
    public RegistryOptions withDirectoryBase(java.nio.file.Path folder) {
        return new RegistryOptions(maxFileSize, allowOutsideSources, folder);
    }
}
