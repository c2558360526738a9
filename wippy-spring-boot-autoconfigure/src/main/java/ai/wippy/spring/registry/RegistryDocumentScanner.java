package ai.wippy.spring.registry;

import ai.wippy.registry.RegistryDocument;
import ai.wippy.registry.RegistryException;
import ai.wippy.registry.RegistryOptions;
import ai.wippy.registry.ResourceBase;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Finds registry files: resource patterns (by default every {@code _index.yaml} under {@code wippy/}
 * on the classpath) and file-system folders. Classpath files keep a classpath base, so paths in their
 * entries resolve the same inside a jar and in an IDE.
 */
public final class RegistryDocumentScanner {

    private static final String INDEX = "_index.yaml";

    private final ClassLoader classLoader;
    private final RegistryOptions options;

    public RegistryDocumentScanner(ClassLoader classLoader) {
        this(classLoader, RegistryOptions.defaults());
    }

    /** A scanner that refuses files above {@code options.maxFileSize()} before reading them whole. */
    public RegistryDocumentScanner(ClassLoader classLoader, RegistryOptions options) {
        this.classLoader = classLoader;
        this.options = options;
    }

    public List<RegistryDocument> scan(List<String> locations, List<String> directories) {
        Map<String, RegistryDocument> found = new LinkedHashMap<>();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(classLoader);
        for (String pattern : locations) {
            Resource[] resources;
            try {
                resources = resolver.getResources(pattern);
            } catch (IOException e) {
                throw new RegistryException(pattern, null, null, "cannot scan registry location: " + e.getMessage(), e);
            }
            List<Resource> sorted = new ArrayList<>(List.of(resources));
            sorted.sort(Comparator.comparing(RegistryDocumentScanner::describe));
            for (Resource r : sorted) {
                RegistryDocument doc = read(pattern, r);
                found.putIfAbsent(doc.location(), doc);
            }
        }
        for (String dir : directories) {
            Path configured = Path.of(dir);
            Path root = configured.toAbsolutePath().normalize();
            if (!Files.isDirectory(root)) {
                String relative = configured.isAbsolute()
                        ? ""
                        : ": '" + dir + "' is relative to the working directory "
                                + Path.of("").toAbsolutePath();
                throw new RegistryException(
                        root.toString(),
                        null,
                        null,
                        "registry folder does not exist (wippy.registry.directories" + relative + ")");
            }
            List<Path> indexes;
            try (Stream<Path> files = Files.walk(root)) {
                indexes = files.filter(f -> f.getFileName().toString().equals(INDEX))
                        .sorted()
                        .toList();
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new RegistryException(
                        root.toString(), null, null, "cannot read registry folder: " + e.getMessage(), e);
            }
            for (Path p : indexes) {
                found.putIfAbsent(p.toString(), readFile(p));
            }
        }
        return List.copyOf(found.values());
    }

    /** A registry file in a folder on disk: its size is checked before a byte is read. */
    private RegistryDocument readFile(Path p) {
        String location = p.toString();
        try {
            RegistryDocument.checkSize(location, Files.size(p), options);
            try (InputStream in = Files.newInputStream(p)) {
                return RegistryDocument.read(location, in, new ResourceBase.FileSystem(p.getParent()), options);
            }
        } catch (IOException e) {
            throw new RegistryException(location, null, null, "cannot read registry file: " + e.getMessage(), e);
        }
    }

    private RegistryDocument read(String pattern, Resource r) {
        String location;
        ResourceBase base;
        String classpathPath = classpathPath(pattern, r);
        if (classpathPath != null) {
            int slash = classpathPath.lastIndexOf('/');
            String folder = slash < 0 ? "" : classpathPath.substring(0, slash);
            location = "classpath:" + classpathPath;
            base = new ResourceBase.Classpath(classLoader, folder);
        } else {
            try {
                Path file = r.getFile().toPath();
                location = file.toString();
                base = new ResourceBase.FileSystem(file.getParent());
            } catch (IOException e) {
                throw new RegistryException(
                        describe(r), null, null, "registry file is neither on the classpath nor on the file system");
            }
        }
        try (InputStream in = r.getInputStream()) {
            // read at most one byte more than the limit: a huge file is refused without reading it all
            return RegistryDocument.read(location, in, base, options);
        } catch (IOException e) {
            throw new RegistryException(location, null, null, "cannot read registry file: " + e.getMessage(), e);
        }
    }

    /** The path of a classpath resource relative to its classpath root, or null if it is not one. */
    private String classpathPath(String pattern, Resource r) {
        if (!pattern.startsWith("classpath")) {
            return null;
        }
        String location = classpathLocation(pattern);
        int wildcard = indexOfWildcard(location);
        String fixed = wildcard < 0 ? location : location.substring(0, location.lastIndexOf('/', wildcard) + 1);
        String url;
        try {
            url = r.getURL().toString();
        } catch (IOException e) {
            return null;
        }
        try {
            Enumeration<URL> roots = classLoader.getResources(fixed.isEmpty() ? "" : fixed);
            while (roots.hasMoreElements()) {
                String root = roots.nextElement().toString();
                if (!root.endsWith("/")) {
                    root = root + "/";
                }
                if (url.startsWith(root)) {
                    return fixed + url.substring(root.length());
                }
            }
        } catch (IOException e) {
            return null;
        }
        int bang = url.indexOf("!/");
        if (bang >= 0) {
            return url.substring(bang + 2);
        }
        return null;
    }

    /**
     * The folders on disk behind classpath registry locations: for each pattern, every classpath root
     * of its fixed part ({@code wippy/} of {@code classpath*:wippy/**}{@code /_index.yaml}) that is a
     * directory, as in an IDE, {@code spring-boot:run} or a test (never a jar). Changes there are what
     * a build or an editor writes into the running application's classpath.
     */
    public List<Path> classpathFolders(List<String> locations) {
        java.util.Set<Path> out = new java.util.LinkedHashSet<>();
        for (String pattern : locations) {
            String fixed = fixedFolder(pattern);
            if (fixed == null) {
                continue;
            }
            try {
                Enumeration<URL> roots = classLoader.getResources(fixed);
                while (roots.hasMoreElements()) {
                    URL root = roots.nextElement();
                    if ("file".equals(root.getProtocol())) {
                        Path dir = Path.of(root.toURI()).toAbsolutePath().normalize();
                        if (Files.isDirectory(dir)) {
                            out.add(dir);
                        }
                    }
                }
            } catch (IOException | java.net.URISyntaxException | IllegalArgumentException e) {
                // not a folder on disk: nothing to watch
            }
        }
        return List.copyOf(out);
    }

    /**
     * The folder before the first wildcard of a classpath pattern ({@code wippy/} of {@code
     * classpath*:wippy/**}{@code /_index.yaml}, {@code ""} for {@code classpath*:**}{@code /_index.yaml}),
     * or null when the pattern is not a classpath one.
     */
    static String fixedFolder(String pattern) {
        if (!pattern.startsWith("classpath")) {
            return null;
        }
        String location = classpathLocation(pattern);
        int wildcard = indexOfWildcard(location);
        int end = wildcard < 0 ? location.length() : wildcard;
        return end == 0 ? "" : location.substring(0, location.lastIndexOf('/', end - 1) + 1);
    }

    /** A classpath pattern without its {@code classpath:} or {@code classpath*:} and leading slashes. */
    private static String classpathLocation(String pattern) {
        String location = pattern.substring(pattern.indexOf(':') + 1);
        while (location.startsWith("/")) {
            location = location.substring(1);
        }
        return location;
    }

    private static int indexOfWildcard(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '{') {
                return i;
            }
        }
        return -1;
    }

    private static String describe(Resource r) {
        try {
            return r.getURL().toString();
        } catch (IOException e) {
            return r.getDescription();
        }
    }
}
