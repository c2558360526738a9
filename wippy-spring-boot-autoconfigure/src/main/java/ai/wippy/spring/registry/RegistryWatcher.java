package ai.wippy.spring.registry;

import ai.wippy.runtime.WasmRegistry;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Applies changes of the registry folders ({@code wippy.registry.directories}, and the classpath
 * folders of {@code wippy.registry.locations}) while the application runs: when an {@code _index.yaml}, {@code .wat}, {@code .wasm} or {@code .lua} file under them
 * changes, the documents are read again and {@link WasmRegistry#apply applied}, after a quiet period
 * of {@value #QUIET_MS} ms so that an editor's several writes are one change. A broken change is
 * logged and leaves the registry serving as it was ({@link WasmRegistry#lastApplyFailure()}).
 */
public final class RegistryWatcher implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryWatcher.class);
    static final long QUIET_MS = 200;

    private final WasmRegistry registry;
    private final List<Path> folders;
    private final Supplier<List<ai.wippy.registry.RegistryDocument>> documents;
    private volatile WatchService watcher;
    private volatile Thread thread;

    public RegistryWatcher(
            WasmRegistry registry, List<Path> folders, Supplier<List<ai.wippy.registry.RegistryDocument>> documents) {
        this.registry = registry;
        this.folders = folders;
        this.documents = documents;
    }

    /** The folders watched (none when watching is off). */
    public List<Path> folders() {
        return folders;
    }

    @Override
    public void start() {
        if (folders.isEmpty()) {
            return;
        }
        try {
            WatchService w = FileSystems.getDefault().newWatchService();
            for (Path folder : folders) {
                register(w, folder);
            }
            watcher = w;
        } catch (IOException e) {
            LOG.warn("cannot watch the registry folders {}: {}", folders, e.toString());
            return;
        }
        thread = Thread.ofPlatform().daemon().name("wippy-registry-watcher").start(this::run);
        LOG.info("watching {} for registry changes", folders);
    }

    private static void register(WatchService w, Path folder) throws IOException {
        try (Stream<Path> dirs = Files.walk(folder)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                d.register(
                        w,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    private static boolean relevant(Path name) {
        String n = name.toString();
        return n.equals("_index.yaml") || n.endsWith(".wat") || n.endsWith(".wasm") || n.endsWith(".lua");
    }

    private void run() {
        WatchService w = watcher;
        try {
            while (true) {
                WatchKey key = w.take();
                boolean changed = drain(key);
                // a quiet period: the further events of the same save are one change
                WatchKey more;
                while ((more = w.poll(QUIET_MS, TimeUnit.MILLISECONDS)) != null) {
                    changed |= drain(more);
                }
                if (changed) {
                    applyNow();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // stopping
        }
    }

    private boolean drain(WatchKey key) {
        boolean changed = false;
        Path dir = (Path) key.watchable();
        for (var event : key.pollEvents()) {
            if (event.context() instanceof Path p) {
                Path full = dir.resolve(p);
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(full)) {
                    try {
                        register(watcher, full);
                    } catch (IOException e) {
                        LOG.warn("cannot watch {}: {}", full, e.toString());
                    }
                }
                changed |= relevant(p);
            }
        }
        key.reset();
        return changed;
    }

    /** Reads the documents again and applies them; a failure is logged, and the registry stays as it was. */
    void applyNow() {
        try {
            WasmRegistry.ApplyResult result = registry.apply(documents.get());
            LOG.info(
                    "registry change applied: {} loaded anew, {} kept, {} removed",
                    result.loaded(),
                    result.kept().size(),
                    result.removed());
        } catch (RuntimeException e) {
            LOG.error("registry change not applied, the registry serves as before: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        WatchService w = watcher;
        if (w != null) {
            try {
                w.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        watcher = null;
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
