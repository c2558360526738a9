package ai.wippy.fs;

import ai.wippy.registry.EntryId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An {@code fs.directory}: a folder on the file system, confined to its root ({@code realRoot}, the
 * folder's real path: {@link #open} resolves it).
 */
public record DirectoryFileSystem(EntryId id, Path realRoot, boolean readOnly) implements VirtualFileSystem {

    /** The folder {@code root} (its real path, links resolved) as entry {@code id}'s file system. */
    public static DirectoryFileSystem open(EntryId id, Path root, boolean readOnly) throws IOException {
        return new DirectoryFileSystem(id, root.toRealPath(), readOnly);
    }

    /** Resolves a relative path inside the root, refusing any way out (.., absolute, links). */
    public Path resolve(String path) throws FileSystemAccessException {
        Path candidate = realRoot.resolve(RelativePaths.inside(id, path));
        // Follow links for the part of the path that exists, and check again.
        Path existing = candidate;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing != null) {
            try {
                Path real = existing.toRealPath();
                if (!real.startsWith(realRoot)) {
                    throw new FileSystemAccessException(
                            "'" + path + "' leads outside the root of " + id + " through a link");
                }
            } catch (FileSystemAccessException e) {
                throw e;
            } catch (IOException e) {
                throw new FileSystemAccessException(
                        "'" + path + "' cannot be resolved in " + id + ": " + e.getMessage());
            }
        }
        return candidate;
    }

    @Override
    public void checkInside(String path) throws FileSystemAccessException {
        resolve(path);
    }

    @Override
    public byte[] read(String path) throws IOException {
        return Files.readAllBytes(resolve(path));
    }

    @Override
    public boolean exists(String path) {
        return holds(path, p -> Files.exists(p));
    }

    @Override
    public boolean isDirectory(String path) {
        return holds(path, p -> Files.isDirectory(p));
    }

    /** {@code test} of the resolved path; false for a path outside the root. */
    private boolean holds(String path, java.util.function.Predicate<Path> test) {
        try {
            return test.test(resolve(path));
        } catch (FileSystemAccessException e) {
            return false;
        }
    }

    @Override
    public List<String> list(String path) throws IOException {
        try (Stream<Path> s = Files.list(resolve(path))) {
            List<String> names = new ArrayList<>();
            s.forEach(p -> names.add(p.getFileName().toString()));
            names.sort(null);
            return names;
        }
    }

    @Override
    public void write(String path, byte[] data) throws IOException {
        if (readOnly()) {
            throw new FileSystemAccessException(id + " is read-only");
        }
        Path target = resolve(path);
        Files.createDirectories(target.getParent());
        Files.write(target, data);
    }

    @Override
    public Optional<Path> root() {
        return Optional.of(realRoot);
    }

    @Override
    public String describe() {
        return realRoot.toString();
    }
}
