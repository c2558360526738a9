package ai.wippy.wasi.p2.filesystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves guest paths inside one mount on the real file system without ever leaving it. The walk
 * goes one component at a time from a folder known to be inside the root: {@code ..} may not climb
 * above the root, absolute paths are refused, and every symbolic link met on the way is expanded
 * and checked, so the result contains no link (except a final one the caller asked not to follow)
 * and always lies under the root.
 */
final class ConfinedPaths {

    private static final int MAX_LINKS = 40;

    private final Path root;

    /** {@code root} must be a real path (no links in it). */
    ConfinedPaths(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /**
     * The real location of {@code path} taken relative to {@code base} (a folder under the root).
     *
     * @param followLast whether a link in the last component is followed
     */
    Path resolve(Path base, String path, boolean followLast) throws FsError {
        if (path.isEmpty()) {
            throw FsError.of("no-entry", "empty path");
        }
        if (path.indexOf('\0') >= 0) {
            throw FsError.of("invalid", "path contains a NUL character");
        }
        if (path.startsWith("/")) {
            throw FsError.of("not-permitted", "'" + path + "' is absolute; paths are relative to a descriptor");
        }
        Deque<String> pending = new ArrayDeque<>();
        push(pending, path);
        Path current = base;
        int links = 0;
        try {
            while (!pending.isEmpty()) {
                String part = pending.pop();
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (part.equals("..")) {
                    if (current.equals(root)) {
                        throw FsError.of("not-permitted", "'" + path + "' climbs above the mount");
                    }
                    current = current.getParent();
                    continue;
                }
                Path next = current.resolve(part);
                boolean last = pending.stream().allMatch(p -> p.isEmpty() || p.equals("."));
                if ((last && !followLast) || !Files.isSymbolicLink(next)) {
                    current = next;
                    continue;
                }
                if (++links > MAX_LINKS) {
                    throw FsError.of("loop", "too many symbolic links in '" + path + "'");
                }
                String target = Files.readSymbolicLink(next).toString();
                if (target.startsWith("/")) {
                    Path absolute = Path.of(target).normalize();
                    if (!absolute.startsWith(root)) {
                        throw FsError.of("not-permitted", "'" + path + "' leads outside the mount through a link");
                    }
                    current = root;
                    target = root.relativize(absolute).toString();
                }
                push(pending, target);
            }
        } catch (IOException e) {
            throw FsError.from(e);
        } catch (InvalidPathException e) {
            throw FsError.of("invalid", e.getMessage());
        }
        if (!current.startsWith(root)) {
            throw FsError.of("not-permitted", "'" + path + "' leads outside the mount");
        }
        return current;
    }

    /** Whether a link at {@code link} with text {@code target} would stay inside the mount. */
    boolean staysInside(Path link, String target) {
        if (target.isEmpty() || target.startsWith("/") || target.indexOf('\0') >= 0) {
            return false;
        }
        try {
            return link.getParent().resolve(target).normalize().startsWith(root);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static void push(Deque<String> pending, String path) {
        String[] parts = path.split("/", -1);
        for (int i = parts.length - 1; i >= 0; i--) {
            pending.push(parts[i]);
        }
    }

    static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
}
