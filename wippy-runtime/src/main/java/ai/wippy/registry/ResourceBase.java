package ai.wippy.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the files an {@code _index.yaml} refers to are found: the folder of that file, on the file
 * system or on the classpath. Relative paths in entries resolve against it.
 */
public sealed interface ResourceBase {

    /** Reads a file relative to this base. */
    byte[] read(String relative) throws IOException;

    /** A human-readable location of {@code relative}, for messages. */
    String describe(String relative);

    /** The folder on the file system, when there is one. */
    Optional<Path> directory();

    /**
     * Where {@code relative} leads when that is outside this base's folder (through {@code ..}, an
     * absolute path or a symbolic link); empty when it stays inside.
     */
    Optional<String> outside(String relative);

    static String strip(String relative) {
        String r = relative.startsWith("file://") ? relative.substring("file://".length()) : relative;
        while (r.startsWith("./")) {
            r = r.substring(2);
        }
        return r;
    }

    record FileSystem(Path folder) implements ResourceBase {
        @Override
        public byte[] read(String relative) throws IOException {
            return Files.readAllBytes(resolve(relative));
        }

        public Path resolve(String relative) {
            Path p = Path.of(strip(relative));
            return p.isAbsolute() ? p : folder.resolve(p).normalize();
        }

        @Override
        public String describe(String relative) {
            return resolve(relative).toString();
        }

        @Override
        public Optional<Path> directory() {
            return Optional.of(folder);
        }

        @Override
        public Optional<String> outside(String relative) {
            Path root = folder.toAbsolutePath().normalize();
            Path target = resolve(relative).toAbsolutePath().normalize();
            if (!target.startsWith(root)) {
                return Optional.of(target.toString());
            }
            try {
                Path real = target.toRealPath();
                if (!real.startsWith(root.toRealPath())) {
                    return Optional.of(real + " (through the link " + target + ")");
                }
            } catch (IOException e) {
                // a missing file stays inside; reading it reports what is missing
            }
            return Optional.empty();
        }
    }

    /** A folder on the classpath, {@code prefix} without leading or trailing slash. */
    record Classpath(ClassLoader loader, String prefix) implements ResourceBase {
        @Override
        public byte[] read(String relative) throws IOException {
            String path = resolve(relative);
            try (InputStream in = loader.getResourceAsStream(path)) {
                if (in == null) {
                    throw new java.io.FileNotFoundException("classpath:" + path);
                }
                return in.readAllBytes();
            }
        }

        public String resolve(String relative) {
            String r = strip(relative);
            if (r.startsWith("classpath:")) {
                r = r.substring("classpath:".length());
                return r.startsWith("/") ? r.substring(1) : r;
            }
            Path joined = Path.of(prefix.isEmpty() ? "." : prefix).resolve(r).normalize();
            return joined.toString().replace('\\', '/');
        }

        @Override
        public String describe(String relative) {
            return "classpath:" + resolve(relative);
        }

        @Override
        public Optional<Path> directory() {
            return Optional.empty();
        }

        @Override
        public Optional<String> outside(String relative) {
            String path = resolve(relative);
            String inside = prefix.isEmpty() ? "" : prefix + "/";
            boolean escapes = path.equals("..") || path.startsWith("../") || !path.startsWith(inside);
            return escapes ? Optional.of("classpath:" + path) : Optional.empty();
        }
    }
}
