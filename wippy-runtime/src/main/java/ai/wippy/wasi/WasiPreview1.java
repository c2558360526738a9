package ai.wippy.wasi;

import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code wasi_snapshot_preview1} for one guest instance. Each call checks the group that covers it:
 * {@code wasi:cli} (args, environ, stdio), {@code wasi:filesystem} (preopens are the entry's mounts
 * and nothing else), {@code wasi:clocks}, {@code wasi:random}, {@code wasi:poll}, {@code
 * wasi:sockets} (never more than errors). A function outside the grants answers {@code
 * ERRNO_NOTCAPABLE}; one this host does not implement answers {@code ERRNO_NOSYS}. Both still link.
 *
 * <p>One file on purpose (over 500 lines): it is one specification table, the functions of {@code
 * wasi_snapshot_preview1}, each a short host function over the same instance state
 * (memory, descriptors, grants).
 */
public final class WasiPreview1 {

    public static final String MODULE = "wasi_snapshot_preview1";

    private static final long RIGHT_FD_WRITE = 1L << 6;
    private static final int OFLAG_CREAT = 1, OFLAG_DIRECTORY = 2, OFLAG_EXCL = 4, OFLAG_TRUNC = 8;
    private static final int FDFLAG_APPEND = 1;
    private static final byte FILETYPE_CHARACTER_DEVICE = 2, FILETYPE_DIRECTORY = 3, FILETYPE_REGULAR = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The most bytes one {@code fd_read} or {@code fd_write} moves; the guest's libc continues short ones. */
    static final int MAX_IO = 1 << 20;

    /** The largest host buffer a call allocates for the guest's bytes. */
    private static final int CHUNK = 64 << 10;

    private final WasiSettings settings;
    /** The standard streams, made on the guest's first use of them (most instances never print). */
    private final java.util.function.Supplier<WasiStdio> streams;

    private WasiStdio stdio;
    private final List<String> argv;
    private final Map<String, String> environment;
    private final Map<Integer, OpenFile> files = new HashMap<>();
    private int nextFd;

    public WasiPreview1(WasiSettings settings, WasiStdio stdio, List<String> extraArgs) {
        this(settings, () -> stdio, extraArgs);
    }

    /**
     * The host of one instance whose standard streams {@code stdio} makes when the guest first
     * reads or writes them (an instance runs on one thread at a time).
     */
    public WasiPreview1(WasiSettings settings, java.util.function.Supplier<WasiStdio> stdio, List<String> extraArgs) {
        this.settings = settings;
        this.streams = stdio;
        this.argv = settings.argv(extraArgs);
        this.environment = new java.util.LinkedHashMap<>(settings.environment());
        if (settings.cwd() != null && settings.grants("wasi:cli")) {
            environment.putIfAbsent("PWD", settings.cwd());
        }
        int fd = 3;
        for (Mount m : settings.mounts()) {
            files.put(fd++, OpenFile.preopen(m));
        }
        nextFd = fd;
    }

    /** Host functions for every {@code wasi_snapshot_preview1} import of the module. */
    public List<ImportFunction> functions(WasmModule module) {
        List<ImportFunction> out = new ArrayList<>();
        var section = module.importSection();
        for (int i = 0; i < section.importCount(); i++) {
            var imp = section.getImport(i);
            if (!imp.module().equals(MODULE) || imp.importType() != ExternalType.FUNCTION) {
                continue;
            }
            FunctionType type = module.typeSection().getType(((FunctionImport) imp).typeIndex());
            out.add(new ImportFunction(MODULE, imp.name(), type, handle(imp.name(), type)));
        }
        return out;
    }

    /** Flushes stdio and writes back open files (called when the guest finishes). */
    public void close() {
        for (OpenFile f : files.values()) {
            try {
                f.sync();
            } catch (IOException ignored) {
                // the guest did not close it; its last write is lost like on a crashed process
            }
        }
        try {
            if (stdio != null) {
                stdio.out().flush();
                stdio.err().flush();
            }
        } catch (IOException ignored) {
            // nothing to report to
        }
    }

    private WasiStdio stdio() {
        if (stdio == null) {
            stdio = streams.get();
        }
        return stdio;
    }

    private interface Call {
        int apply(Memory m, long[] a) throws IOException;
    }

    private WasmFunctionHandle handle(String name, FunctionType type) {
        Call call = implementation(name);
        boolean returnsErrno = type.returns().size() == 1;
        return (Instance instance, long... args) -> {
            int errno;
            try {
                errno = call.apply(instance.memory(), args);
            } catch (IOException e) {
                errno = e instanceof ai.wippy.fs.FileSystemAccessException ? Errno.NOTCAPABLE : Errno.IO;
            } catch (IndexOutOfBoundsException | com.dylibso.chicory.runtime.WasmRuntimeException e) {
                errno = Errno.FAULT;
            }
            return returnsErrno ? new long[] {errno} : null;
        };
    }

    private Call when(String group, Call call) {
        return (m, a) -> settings.grants(group) ? call.apply(m, a) : Errno.NOTCAPABLE;
    }

    private Call implementation(String name) {
        return switch (name) {
            case "args_sizes_get" -> (m, a) -> sizes(m, argv, (int) a[0], (int) a[1]);
            case "args_get" -> (m, a) -> strings(m, argv, (int) a[0], (int) a[1]);
            case "environ_sizes_get" -> (m, a) -> sizes(m, environ(), (int) a[0], (int) a[1]);
            case "environ_get" -> (m, a) -> strings(m, environ(), (int) a[0], (int) a[1]);
            // exiting reaches nothing outside the guest, so it needs no grant
            case "proc_exit" ->
                (m, a) -> {
                    throw new WasiExit((int) a[0]);
                };
            case "proc_raise" -> (m, a) -> Errno.NOSYS;
            case "sched_yield" ->
                (m, a) -> {
                    Thread.yield();
                    return Errno.SUCCESS;
                };
            case "clock_time_get" ->
                when("wasi:clocks", (m, a) -> {
                    m.writeLong((int) a[2], now((int) a[0]));
                    return Errno.SUCCESS;
                });
            case "clock_res_get" ->
                when("wasi:clocks", (m, a) -> {
                    m.writeLong((int) a[1], 1_000L);
                    return Errno.SUCCESS;
                });
            case "random_get" ->
                when("wasi:random", (m, a) -> {
                    int ptr = (int) a[0];
                    long len = inMemory(m, ptr, (int) a[1]);
                    byte[] chunk = new byte[(int) Math.min(len, CHUNK)];
                    for (long done = 0; done < len; done += chunk.length) {
                        RANDOM.nextBytes(chunk);
                        m.write((int) (ptr + done), chunk, 0, (int) Math.min(chunk.length, len - done));
                    }
                    return Errno.SUCCESS;
                });
            case "poll_oneoff" -> when("wasi:poll", this::pollOneoff);
            case "fd_write" -> this::fdWrite;
            case "fd_read" -> this::fdRead;
            case "fd_close" -> this::fdClose;
            case "fd_fdstat_get" -> this::fdFdstatGet;
            case "fd_fdstat_set_flags" -> (m, a) -> descriptor((int) a[0]) == null ? Errno.BADF : Errno.SUCCESS;
            case "fd_seek" -> (m, a) -> fdSeek(m, (int) a[0], a[1], (int) a[2], (int) a[3]);
            case "fd_tell" -> (m, a) -> fdSeek(m, (int) a[0], 0, 1, (int) a[1]);
            case "fd_sync", "fd_datasync" -> this::fdSync;
            case "fd_prestat_get" -> this::fdPrestatGet;
            case "fd_prestat_dir_name" -> this::fdPrestatDirName;
            case "fd_readdir" -> this::fdReaddir;
            case "fd_filestat_get" ->
                (m, a) -> {
                    OpenFile f = files.get((int) a[0]);
                    if (f == null) {
                        return stdioFd((int) a[0]) ? filestat(m, (int) a[1], FILETYPE_CHARACTER_DEVICE, 0) : Errno.BADF;
                    }
                    return filestat(m, (int) a[1], f.directory ? FILETYPE_DIRECTORY : FILETYPE_REGULAR, f.size());
                };
            case "path_open" -> this::pathOpen;
            case "path_filestat_get" -> this::pathFilestatGet;
            case "path_create_directory",
                    "path_unlink_file",
                    "path_remove_directory",
                    "path_rename",
                    "path_symlink",
                    "path_link",
                    "path_readlink",
                    "path_filestat_set_times",
                    "fd_filestat_set_size",
                    "fd_filestat_set_times",
                    "fd_allocate",
                    "fd_advise",
                    "fd_pread",
                    "fd_pwrite",
                    "fd_renumber",
                    "fd_fdstat_set_rights" -> when("wasi:filesystem", (m, a) -> Errno.NOTSUP);
            case "sock_accept",
                    "sock_recv",
                    "sock_send",
                    "sock_shutdown",
                    "sock_open",
                    "sock_bind",
                    "sock_listen",
                    "sock_connect" -> when("wasi:sockets", (m, a) -> Errno.NOTSUP);
            default -> (m, a) -> Errno.NOSYS;
        };
    }

    private List<String> environ() {
        List<String> out = new ArrayList<>();
        environment.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    private static int sizes(Memory m, List<String> items, int countPtr, int sizePtr) {
        int size = 0;
        for (String s : items) {
            size += s.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        m.writeI32(countPtr, items.size());
        m.writeI32(sizePtr, size);
        return Errno.SUCCESS;
    }

    private static int strings(Memory m, List<String> items, int pointers, int buffer) {
        int at = buffer;
        for (int i = 0; i < items.size(); i++) {
            byte[] bytes = items.get(i).getBytes(StandardCharsets.UTF_8);
            m.writeI32(pointers + 4 * i, at);
            m.write(at, bytes);
            m.writeByte(at + bytes.length, (byte) 0);
            at += bytes.length + 1;
        }
        return Errno.SUCCESS;
    }

    private static long now(int clock) {
        if (clock == 0) {
            java.time.Instant t = java.time.Instant.now();
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        }
        return System.nanoTime();
    }

    private static boolean stdioFd(int fd) {
        return fd >= 0 && fd <= 2;
    }

    private OpenFile descriptor(int fd) {
        if (stdioFd(fd)) {
            return null;
        }
        return files.get(fd);
    }

    private int fdWrite(Memory m, long[] a) throws IOException {
        int fd = (int) a[0];
        byte[] bytes = gather(m, (int) a[1], (int) a[2]);
        if (stdioFd(fd)) {
            if (!settings.grants("wasi:cli")) {
                return Errno.NOTCAPABLE;
            }
            if (fd == 0) {
                return Errno.BADF;
            }
            (fd == 1 ? stdio().out() : stdio().err()).write(bytes);
            (fd == 1 ? stdio().out() : stdio().err()).flush();
        } else {
            OpenFile f = files.get(fd);
            if (f == null) {
                return Errno.BADF;
            }
            if (f.directory) {
                return Errno.ISDIR;
            }
            if (!f.writable) {
                return Errno.BADF;
            }
            f.write(bytes);
        }
        m.writeI32((int) a[3], bytes.length);
        return Errno.SUCCESS;
    }

    /**
     * The bytes of the iovecs, at most {@link #MAX_IO} of them (a short write, which the guest's libc
     * continues): iovecs may all point at the same bytes, so their lengths alone bound nothing.
     */
    private static byte[] gather(Memory m, int iovs, int count) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < count && out.size() < MAX_IO; i++) {
            int ptr = m.readInt(iovs + 8 * i);
            long len = inMemory(m, ptr, m.readInt(iovs + 8 * i + 4));
            out.writeBytes(m.readBytes(ptr, (int) Math.min(len, MAX_IO - out.size())));
        }
        return out.toByteArray();
    }

    /**
     * Checks that the guest range [ptr, ptr+len), both unsigned, lies in memory, before anything is
     * allocated for it; returns len. Outside memory is {@code EFAULT} (a runtime exception the call
     * wrapper maps to it).
     */
    private static long inMemory(Memory m, int ptr, int len) {
        long start = Integer.toUnsignedLong(ptr);
        long length = Integer.toUnsignedLong(len);
        long size = (long) m.pages() * Memory.PAGE_SIZE;
        if (start + length > size) {
            throw new com.dylibso.chicory.runtime.WasmRuntimeException("out of bounds memory access: [" + start + ", "
                    + (start + length) + ") is outside the guest memory of " + size + " bytes");
        }
        return length;
    }

    private int fdRead(Memory m, long[] a) throws IOException {
        int fd = (int) a[0];
        int iovs = (int) a[1];
        int count = (int) a[2];
        int total = 0;
        OpenFile f = null;
        if (stdioFd(fd)) {
            if (!settings.grants("wasi:cli")) {
                return Errno.NOTCAPABLE;
            }
            if (fd != 0) {
                return Errno.BADF;
            }
        } else {
            f = files.get(fd);
            if (f == null) {
                return Errno.BADF;
            }
            if (f.directory) {
                return Errno.ISDIR;
            }
        }
        // at most MAX_IO bytes per call (a short read), through a buffer of at most CHUNK bytes
        byte[] buf = new byte[0];
        for (int i = 0; i < count && total < MAX_IO; i++) {
            int ptr = m.readInt(iovs + 8 * i);
            int len = (int) Math.min(inMemory(m, ptr, m.readInt(iovs + 8 * i + 4)), MAX_IO - total);
            int filled = 0;
            while (filled < len) {
                int want = Math.min(len - filled, CHUNK);
                if (buf.length < want) {
                    buf = new byte[want];
                }
                int n = f == null ? Math.max(0, stdio().in().read(buf, 0, want)) : f.read(buf, 0, want);
                m.write(ptr + filled, buf, 0, n);
                filled += n;
                if (n < want) {
                    break;
                }
            }
            total += filled;
            if (filled < len) {
                break;
            }
        }
        m.writeI32((int) a[3], total);
        return Errno.SUCCESS;
    }

    private int fdClose(Memory m, long[] a) throws IOException {
        int fd = (int) a[0];
        OpenFile f = files.get(fd);
        if (f == null) {
            return stdioFd(fd) ? Errno.SUCCESS : Errno.BADF;
        }
        if (f.preopen) {
            return Errno.NOTSUP;
        }
        files.remove(fd);
        f.sync();
        return Errno.SUCCESS;
    }

    private int fdSync(Memory m, long[] a) throws IOException {
        OpenFile f = files.get((int) a[0]);
        if (f == null) {
            return stdioFd((int) a[0]) ? Errno.SUCCESS : Errno.BADF;
        }
        f.sync();
        return Errno.SUCCESS;
    }

    private int fdFdstatGet(Memory m, long[] a) {
        int fd = (int) a[0];
        int ptr = (int) a[1];
        byte type;
        int flags = 0;
        long rights = -1L;
        if (stdioFd(fd)) {
            if (!settings.grants("wasi:cli")) {
                return Errno.NOTCAPABLE;
            }
            type = FILETYPE_CHARACTER_DEVICE;
            // no seek, no tell: libc then treats it as a stream
            rights = ~((1L << 2) | (1L << 5));
        } else {
            OpenFile f = files.get(fd);
            if (f == null) {
                return Errno.BADF;
            }
            type = f.directory ? FILETYPE_DIRECTORY : FILETYPE_REGULAR;
            flags = f.append ? FDFLAG_APPEND : 0;
            if (!f.directory && !f.writable) {
                rights &= ~RIGHT_FD_WRITE;
            }
        }
        m.writeByte(ptr, type);
        m.writeShort(ptr + 2, (short) flags);
        m.writeLong(ptr + 8, rights);
        m.writeLong(ptr + 16, rights);
        return Errno.SUCCESS;
    }

    private int fdSeek(Memory m, int fd, long offset, int whence, int resultPtr) {
        if (stdioFd(fd)) {
            return Errno.SPIPE;
        }
        OpenFile f = files.get(fd);
        if (f == null) {
            return Errno.BADF;
        }
        if (f.directory) {
            return Errno.ISDIR;
        }
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> f.position;
            case 2 -> f.size();
            default -> -1;
        };
        if (base < 0 || base + offset < 0) {
            return Errno.INVAL;
        }
        f.position = base + offset;
        m.writeLong(resultPtr, f.position);
        return Errno.SUCCESS;
    }

    private int fdPrestatGet(Memory m, long[] a) {
        OpenFile f = files.get((int) a[0]);
        if (f == null || !f.preopen) {
            return Errno.BADF;
        }
        m.writeI32((int) a[1], 0);
        m.writeI32((int) a[1] + 4, f.mount.guest().getBytes(StandardCharsets.UTF_8).length);
        return Errno.SUCCESS;
    }

    private int fdPrestatDirName(Memory m, long[] a) {
        OpenFile f = files.get((int) a[0]);
        if (f == null || !f.preopen) {
            return Errno.BADF;
        }
        byte[] name = f.mount.guest().getBytes(StandardCharsets.UTF_8);
        if (name.length > (int) a[2]) {
            return Errno.INVAL;
        }
        m.write((int) a[1], name);
        return Errno.SUCCESS;
    }

    private int fdReaddir(Memory m, long[] a) throws IOException {
        OpenFile dir = files.get((int) a[0]);
        int buf = (int) a[1];
        int len = (int) a[2];
        long cookie = a[3];
        if (dir == null) {
            return Errno.BADF;
        }
        if (!dir.directory) {
            return Errno.NOTDIR;
        }
        List<String> names = dir.mount.fs().list(dir.path);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = (int) cookie; i < names.size() && out.size() < len; i++) {
            byte[] name = names.get(i).getBytes(StandardCharsets.UTF_8);
            java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            header.putLong(0, i + 1);
            header.putLong(8, i + 1);
            header.putInt(16, name.length);
            header.put(
                    20,
                    dir.mount.fs().isDirectory(child(dir.path, names.get(i))) ? FILETYPE_DIRECTORY : FILETYPE_REGULAR);
            out.writeBytes(header.array());
            out.writeBytes(name);
        }
        byte[] bytes = out.toByteArray();
        int used = Math.min(bytes.length, len);
        m.write(buf, bytes, 0, used);
        m.writeI32((int) a[4], used);
        return Errno.SUCCESS;
    }

    private static String child(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    /**
     * A guest path relative to a directory descriptor, as a path relative to the mount's root, or
     * null when it would leave the mount ({@code ..} past the root, an absolute path). Links are the
     * file system's to refuse: {@link ai.wippy.fs.VirtualFileSystem} never leaves its root.
     */
    static String resolve(String base, String guestPath) {
        if (guestPath.startsWith("/")) {
            return null;
        }
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        if (!base.isEmpty()) {
            for (String p : base.split("/")) {
                parts.addLast(p);
            }
        }
        for (String p : guestPath.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }

    /** For a path call: {@code NOTCAPABLE} without the wasi:filesystem grant, {@code BADF} for a closed fd. */
    private int filesystemFd(long fd) {
        if (!settings.grants("wasi:filesystem")) {
            return Errno.NOTCAPABLE;
        }
        return files.containsKey((int) fd) ? Errno.SUCCESS : Errno.BADF;
    }

    private int pathOpen(Memory m, long[] a) throws IOException {
        int refused = filesystemFd(a[0]);
        if (refused != Errno.SUCCESS) {
            return refused;
        }
        OpenFile dir = files.get((int) a[0]);
        if (!dir.directory) {
            return Errno.NOTDIR;
        }
        String guestPath = m.readString((int) a[2], (int) a[3]);
        int oflags = (int) a[4];
        long rights = a[5];
        int fdflags = (int) a[7];
        String path = resolve(dir.path, guestPath);
        var fs = dir.mount.fs();
        // a symbolic link leading out of the mount (dangling or not) is refused here, where the
        // guest is told, not when the data is written back at fd_close
        if (path == null || !fs.isInside(path)) {
            return Errno.NOTCAPABLE;
        }
        boolean exists = fs.exists(path);
        boolean isDir = exists && fs.isDirectory(path);
        boolean wantsWrite = (rights & RIGHT_FD_WRITE) != 0 && !isDir
                || (oflags & (OFLAG_CREAT | OFLAG_TRUNC)) != 0
                || (fdflags & FDFLAG_APPEND) != 0;
        if ((oflags & OFLAG_DIRECTORY) != 0 && exists && !isDir) {
            return Errno.NOTDIR;
        }
        if (exists && (oflags & OFLAG_EXCL) != 0 && (oflags & OFLAG_CREAT) != 0) {
            return Errno.EXIST;
        }
        if (!exists && (oflags & OFLAG_CREAT) == 0) {
            return Errno.NOENT;
        }
        if (wantsWrite && (dir.mount.readOnly() || fs.readOnly())) {
            return isDir ? Errno.ISDIR : Errno.ROFS;
        }
        OpenFile opened;
        if (isDir) {
            if (wantsWrite && (rights & RIGHT_FD_WRITE) == 0) {
                return Errno.ISDIR;
            }
            opened = OpenFile.directory(dir.mount, path);
        } else {
            opened = OpenFile.file(
                    dir.mount, path, wantsWrite, (fdflags & FDFLAG_APPEND) != 0, (oflags & OFLAG_TRUNC) != 0, exists);
        }
        int fd = nextFd++;
        files.put(fd, opened);
        m.writeI32((int) a[8], fd);
        return Errno.SUCCESS;
    }

    private int pathFilestatGet(Memory m, long[] a) throws IOException {
        int refused = filesystemFd(a[0]);
        if (refused != Errno.SUCCESS) {
            return refused;
        }
        OpenFile dir = files.get((int) a[0]);
        String path = resolve(dir.path, m.readString((int) a[2], (int) a[3]));
        var fs = dir.mount.fs();
        if (path == null || !fs.isInside(path)) {
            return Errno.NOTCAPABLE;
        }
        if (!fs.exists(path)) {
            return Errno.NOENT;
        }
        boolean isDir = fs.isDirectory(path);
        return filestat(m, (int) a[4], isDir ? FILETYPE_DIRECTORY : FILETYPE_REGULAR, isDir ? 0 : fs.read(path).length);
    }

    private static int filestat(Memory m, int ptr, byte type, long size) {
        m.write(ptr, new byte[64]);
        m.writeByte(ptr + 16, type);
        m.writeLong(ptr + 24, 1);
        m.writeLong(ptr + 32, size);
        return Errno.SUCCESS;
    }

    private int pollOneoff(Memory m, long[] a) {
        int in = (int) a[0];
        int out = (int) a[1];
        int count = (int) a[2];
        long wakeAt = Long.MAX_VALUE;
        int events = 0;
        // descriptors are always ready (files are in memory, stdio blocks on read); clocks wait
        for (int i = 0; i < count; i++) {
            int sub = in + 48 * i;
            byte tag = m.read(sub + 8);
            if (tag == 0) {
                long timeout = m.readLong(sub + 24);
                boolean absolute = (m.readShort(sub + 40) & 1) != 0;
                long relative = absolute ? timeout - now(m.readInt(sub + 16)) : timeout;
                wakeAt = Math.min(wakeAt, System.nanoTime() + Math.max(0, relative));
            } else {
                writeEvent(m, out + 32 * events++, m.readLong(sub), tag, 0);
            }
        }
        if (events == 0 && wakeAt != Long.MAX_VALUE) {
            // a virtual thread parks without holding a carrier; an interrupt (cancel) ends the wait
            while (System.nanoTime() < wakeAt && !Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(wakeAt - System.nanoTime());
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new com.dylibso.chicory.runtime.ChicoryInterruptedException("interrupted while sleeping");
            }
            for (int i = 0; i < count; i++) {
                int sub = in + 48 * i;
                if (m.read(sub + 8) == 0) {
                    writeEvent(m, out + 32 * events++, m.readLong(sub), (byte) 0, 0);
                }
            }
        }
        m.writeI32((int) a[3], events);
        return Errno.SUCCESS;
    }

    private static void writeEvent(Memory m, int ptr, long userdata, byte type, int errno) {
        m.write(ptr, new byte[32]);
        m.writeLong(ptr, userdata);
        m.writeShort(ptr + 8, (short) errno);
        m.writeByte(ptr + 10, type);
    }
}
