package ai.wippy.wasi;

import java.io.IOException;
import java.util.Arrays;

/**
 * A descriptor in a guest's table: a preopened mount, a folder or a file inside a mount. A file's
 * bytes are read when it is opened and written back to its file system when it is synced or closed,
 * so every access goes through {@link ai.wippy.fs.VirtualFileSystem} and its confinement.
 */
final class OpenFile {

    final Mount mount;
    /** Path relative to the mount's root; {@code ""} is the root. */
    final String path;

    final boolean directory;
    final boolean preopen;
    final boolean writable;
    final boolean append;
    private byte[] data;
    private int size;
    long position;
    private boolean dirty;

    private OpenFile(Mount mount, String path, boolean directory, boolean preopen, boolean writable, boolean append) {
        this.mount = mount;
        this.path = path;
        this.directory = directory;
        this.preopen = preopen;
        this.writable = writable;
        this.append = append;
    }

    static OpenFile preopen(Mount mount) {
        return new OpenFile(mount, "", true, true, false, false);
    }

    static OpenFile directory(Mount mount, String path) {
        return new OpenFile(mount, path, true, false, false, false);
    }

    static OpenFile file(Mount mount, String path, boolean writable, boolean append, boolean truncate, boolean exists)
            throws IOException {
        OpenFile f = new OpenFile(mount, path, false, false, writable, append);
        f.data = exists && !truncate ? mount.fs().read(path) : new byte[0];
        f.size = f.data.length;
        f.dirty = !exists || (truncate && exists);
        return f;
    }

    long size() {
        return size;
    }

    int read(byte[] into, int off, int len) {
        if (position >= size) {
            return 0;
        }
        int n = (int) Math.min(len, size - position);
        System.arraycopy(data, (int) position, into, off, n);
        position += n;
        return n;
    }

    void write(byte[] bytes) {
        if (append) {
            position = size;
        }
        int end = (int) position + bytes.length;
        if (end > data.length) {
            data = Arrays.copyOf(data, Math.max(end, data.length * 2));
        }
        System.arraycopy(bytes, 0, data, (int) position, bytes.length);
        position = end;
        size = Math.max(size, end);
        dirty = true;
    }

    void sync() throws IOException {
        if (dirty && writable) {
            mount.fs().write(path, Arrays.copyOf(data, size));
            dirty = false;
        }
    }
}
