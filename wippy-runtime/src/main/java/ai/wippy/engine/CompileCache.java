package ai.wippy.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * Compiled JVM classes of core modules, kept across boots so that each binary is compiled once.
 *
 * <p>An entry is one file per binary, named by the binary's SHA-256, the Chicory version and the
 * format version of this class; its header repeats all three and the SHA-256 of the payload, and an
 * entry whose header or payload does not match is ignored (and replaced by the next compile), never
 * loaded. Entries are written to a temporary file and moved into place atomically, so processes
 * sharing a folder see a whole entry or none. The folder is kept under a size bound by removing the
 * least recently used entries (a hit refreshes an entry's modification time).
 *
 * <p>Entries written at build time by {@code wippy-maven-plugin} are read the same way from the
 * class path, under {@link #CLASSPATH_FOLDER}; they are never written or evicted at run time.
 */
public final class CompileCache {

    /** Bumped whenever the layout of an entry changes; part of every entry's name and header. */
    public static final int FORMAT = 2;

    /** Where build-time entries live on the class path. */
    public static final String CLASSPATH_FOLDER = "META-INF/wippy/compiled/";

    /** The list of build-time entries, one binary SHA-256 per line, inside {@link #CLASSPATH_FOLDER}. */
    public static final String CLASSPATH_INDEX = CLASSPATH_FOLDER + "index.txt";

    /** The default size bound: 512 MiB. */
    public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;

    private static final byte[] MAGIC = "WIPPYCC\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final String SUFFIX = ".wcc";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CompileCache.class);

    private final Path directory;
    private final ClassLoader classPath;
    private final long maxBytes;
    private final String chicoryVersion;
    /** The part of every entry's file name after the binary's SHA-256. */
    private final String nameSuffix;
    /** Whether the class path holds build-time entries (an index), looked up once; null until then. */
    private volatile Boolean buildTimeEntries;

    private final java.util.Set<String> touched = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private CompileCache(Path directory, ClassLoader classPath, long maxBytes, String chicoryVersion) {
        this.directory = directory;
        this.classPath = classPath;
        this.maxBytes = maxBytes;
        this.chicoryVersion = chicoryVersion;
        this.nameSuffix = "-chicory-" + chicoryVersion.replaceAll("[^A-Za-z0-9._-]", "_") + "-f" + FORMAT + SUFFIX;
    }

    /**
     * A cache in {@code directory} (created when missing) bounded to {@code maxBytes}, that also reads
     * build-time entries from {@code classPath} (null: none).
     */
    public static CompileCache at(Path directory, long maxBytes, ClassLoader classPath) {
        return new CompileCache(directory, classPath, maxBytes, ChicoryVersion.get());
    }

    /** Only the build-time entries of {@code classPath}; nothing is written. */
    public static CompileCache classPathOnly(ClassLoader classPath) {
        return new CompileCache(null, classPath, 0, ChicoryVersion.get());
    }

    /** As {@link #at}, for tests that pretend to be another Chicory version. */
    static CompileCache at(Path directory, long maxBytes, ClassLoader classPath, String chicoryVersion) {
        return new CompileCache(directory, classPath, maxBytes, chicoryVersion);
    }

    /** The default folder: {@code $XDG_CACHE_HOME/wippy/compiled}, else {@code ~/.cache/wippy/compiled}. */
    public static Path defaultDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("wippy").resolve("compiled");
    }

    /** The folder written to, or null for a class-path-only cache. */
    public Path directory() {
        return directory;
    }

    public String chicoryVersion() {
        return chicoryVersion;
    }

    /**
     * The key of the binary wat2wasm makes of a WAT text: the text's SHA-256 with the assembler's
     * version, so that another wabt never reuses it.
     */
    public static String watKey(String wat) {
        return "wat-"
                + Digests.sha256Hex(
                        (ChicoryVersion.wabt() + "\n" + wat).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The names of the entries read or written through this cache, for the build to keep. */
    public java.util.Set<String> touched() {
        return java.util.Set.copyOf(touched);
    }

    /** The file name of the entry of a binary (or of a {@link #watKey}). */
    public String fileName(String binarySha256) {
        return binarySha256 + nameSuffix;
    }

    /** Where an entry was found. */
    public enum Origin {
        BUILD_TIME,
        DISK
    }

    /** A payload found for a binary, and where. */
    public record Hit(byte[] payload, Origin origin) {}

    /**
     * The stored payload of a binary: build-time entries first, then the folder; null when none is valid.
     * Build-time entries are looked for only when the class path holds an index of them ({@link
     * #CLASSPATH_INDEX}, which {@code wippy-maven-plugin} always writes): without one, a lookup would
     * search every jar of the class path for each binary in vain.
     */
    public Hit get(String binarySha256) {
        String name = fileName(binarySha256);
        touched.add(name);
        if (hasBuildTimeEntries()) {
            try (InputStream in = classPath.getResourceAsStream(CLASSPATH_FOLDER + name)) {
                if (in != null) {
                    byte[] payload = decode(in.readAllBytes(), binarySha256);
                    if (payload != null) {
                        return new Hit(payload, Origin.BUILD_TIME);
                    }
                    LOG.warn("build-time compiled classes {} do not match this binary or this Chicory; ignored", name);
                }
            } catch (IOException e) {
                LOG.warn("build-time compiled classes {} cannot be read ({}); ignored", name, e.toString());
            }
        }
        if (directory == null) {
            return null;
        }
        Path file = directory.resolve(name);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.warn("compile cache entry {} cannot be read ({}); compiling again", file, e.toString());
            return null;
        }
        byte[] payload = decode(bytes, binarySha256);
        if (payload == null) {
            LOG.warn("compile cache entry {} is damaged or from another version; compiling again", file);
            remove(binarySha256);
            return null;
        }
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // another process evicted it meanwhile: the payload read is whole all the same
        }
        return new Hit(payload, Origin.DISK);
    }

    private boolean hasBuildTimeEntries() {
        Boolean known = buildTimeEntries;
        if (known == null) {
            known = classPath != null && classPath.getResource(CLASSPATH_INDEX) != null;
            buildTimeEntries = known;
        }
        return known;
    }

    /**
     * Stores the payload of a binary: written to a temporary file and moved into place, so that a
     * reader in any process sees a whole entry or none; then the folder is trimmed to its bound.
     */
    public void put(String binarySha256, byte[] payload) {
        if (directory == null) {
            return;
        }
        try {
            Files.createDirectories(directory);
            Path target = directory.resolve(fileName(binarySha256));
            touched.add(target.getFileName().toString());
            Path temp = directory.resolve(".tmp-" + UUID.randomUUID() + SUFFIX + ".part");
            try {
                Files.write(temp, encode(binarySha256, payload));
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            evict(target);
        } catch (IOException | UncheckedIOException e) {
            // a cache that cannot be written costs a compile at the next boot, nothing more
            LOG.warn("compile cache {} cannot be written ({}); continuing without storing", directory, e.toString());
        }
    }

    /** Removes the entry of a binary from the folder (a damaged one, or one that failed to load). */
    public void remove(String binarySha256) {
        if (directory == null) {
            return;
        }
        try {
            Files.deleteIfExists(directory.resolve(fileName(binarySha256)));
        } catch (IOException e) {
            LOG.warn("compile cache entry of {} cannot be removed ({})", binarySha256, e.toString());
        }
    }

    /** Writes an entry's bytes: header (format, Chicory version, binary and payload digests) and payload. */
    public byte[] encode(String binarySha256, byte[] payload) {
        var out = new ByteArrayOutputStream(payload.length + 256);
        try (var data = new DataOutputStream(out)) {
            data.write(MAGIC);
            data.writeInt(FORMAT);
            data.writeUTF(chicoryVersion);
            data.writeUTF(binarySha256);
            data.writeUTF(Digests.sha256Hex(payload));
            data.writeInt(payload.length);
            data.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The payload of an entry's bytes, or null unless every header field matches and the payload is whole. */
    byte[] decode(byte[] bytes, String binarySha256) {
        try (var data = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte[] magic = data.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC) || data.readInt() != FORMAT) {
                return null;
            }
            if (!data.readUTF().equals(chicoryVersion) || !data.readUTF().equals(binarySha256)) {
                return null;
            }
            String payloadSha = data.readUTF();
            int length = data.readInt();
            if (length < 0 || length != data.available()) {
                return null;
            }
            byte[] payload = data.readNBytes(length);
            return Digests.sha256Hex(payload).equals(payloadSha) ? payload : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Removes the least recently used entries (never {@code keep}) while the folder is above its bound. */
    private void evict(Path keep) throws IOException {
        record Item(Path path, long size, long modified) {}
        List<Item> items = new ArrayList<>();
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path p : files) {
                try {
                    long size = Files.size(p);
                    items.add(new Item(p, size, Files.getLastModifiedTime(p).toMillis()));
                    total += size;
                } catch (NoSuchFileException e) {
                    // removed by another process meanwhile
                }
            }
        }
        if (total <= maxBytes) {
            return;
        }
        items.sort(Comparator.comparingLong(Item::modified));
        for (Item item : items) {
            if (total <= maxBytes) {
                break;
            }
            if (item.path().equals(keep)) {
                continue;
            }
            Files.deleteIfExists(item.path());
            total -= item.size();
        }
    }

    /** The version of the Chicory compiler on the class path, from its Maven metadata. */
    static final class ChicoryVersion {
        private static final String VERSION = read();

        private static final String WABT = wabtVersion();

        static String get() {
            return VERSION;
        }

        static String wabt() {
            return WABT;
        }

        private static String wabtVersion() {
            try (InputStream in =
                    WatAssembler.class.getResourceAsStream("/META-INF/maven/com.dylibso.chicory/wabt/pom.properties")) {
                if (in != null) {
                    var p = new Properties();
                    p.load(in);
                    return "wabt-" + p.getProperty("version", "unknown");
                }
            } catch (IOException e) {
                // fall through
            }
            return "wabt-unknown";
        }

        private static String read() {
            try (InputStream in = com.dylibso.chicory.compiler.MachineFactoryCompiler.class.getResourceAsStream(
                    "/META-INF/maven/com.dylibso.chicory/compiler/pom.properties")) {
                if (in != null) {
                    var p = new Properties();
                    p.load(in);
                    String v = p.getProperty("version");
                    if (v != null && !v.isBlank()) {
                        return v;
                    }
                }
            } catch (IOException e) {
                // fall through
            }
            // repackaged without its metadata: key entries by the compiler's own class bytes instead
            try (InputStream in =
                    com.dylibso.chicory.compiler.internal.Compiler.class.getResourceAsStream("Compiler.class")) {
                return in == null
                        ? "unknown"
                        : "sha-" + Digests.sha256Hex(in.readAllBytes()).substring(0, 16);
            } catch (IOException e) {
                return "unknown";
            }
        }
    }
}
