package ai.wippy.fs;

import ai.wippy.registry.EntryId;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * An {@code fs.embed}: a read-only folder inside the application's jar (on the classpath); {@code
 * prefix} is the classpath folder, without leading or trailing slash.
 */
public record EmbeddedFileSystem(EntryId id, ClassLoader loader, String prefix) implements VirtualFileSystem {

    @Override
    public boolean readOnly() {
        return true;
    }

    private String resolve(String path) throws FileSystemAccessException {
        String normalized = RelativePaths.inside(id, path);
        if (normalized.isEmpty()) {
            return prefix;
        }
        return prefix.isEmpty() ? normalized : prefix + "/" + normalized;
    }

    @Override
    public void checkInside(String path) throws FileSystemAccessException {
        resolve(path);
    }

    @Override
    public byte[] read(String path) throws IOException {
        String resource = resolve(path);
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new FileNotFoundException("classpath:" + resource);
            }
            return in.readAllBytes();
        }
    }

    @Override
    public boolean exists(String path) {
        try {
            return loader.getResource(resolve(path)) != null;
        } catch (FileSystemAccessException e) {
            return false;
        }
    }

    @Override
    public boolean isDirectory(String path) {
        try {
            return !list(path).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public List<String> list(String path) throws IOException {
        String folder = resolve(path);
        TreeSet<String> names = new TreeSet<>();
        Enumeration<URL> urls = loader.getResources(folder.isEmpty() ? "" : folder + "/");
        while (urls.hasMoreElements()) {
            URL url = urls.nextElement();
            if ("file".equals(url.getProtocol())) {
                try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
                    s.forEach(p -> names.add(p.getFileName().toString()));
                } catch (URISyntaxException e) {
                    throw new IOException(e);
                }
            } else if ("jar".equals(url.getProtocol())) {
                JarURLConnection conn = (JarURLConnection) url.openConnection();
                conn.setUseCaches(false);
                String base = conn.getEntryName() == null ? "" : conn.getEntryName();
                try (JarFile jar = conn.getJarFile()) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        String name = entries.nextElement().getName();
                        if (name.startsWith(base) && name.length() > base.length()) {
                            String rest = name.substring(base.length());
                            int slash = rest.indexOf('/');
                            names.add(slash < 0 ? rest : rest.substring(0, slash));
                        }
                    }
                }
            }
        }
        return List.copyOf(names);
    }

    @Override
    public void write(String path, byte[] data) throws IOException {
        throw new FileSystemAccessException(id + " is embedded in the application and read-only");
    }

    @Override
    public Optional<Path> root() {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "classpath:" + prefix;
    }
}
