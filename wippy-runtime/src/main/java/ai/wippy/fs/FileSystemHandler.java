package ai.wippy.fs;

import ai.wippy.registry.RegistryEntry;
import ai.wippy.registry.ResourceBase;
import ai.wippy.spi.AbstractEntryHandler;
import ai.wippy.spi.LoadContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Loads {@code fs.directory} ({@code directory}, {@code auto_init}, {@code mode}, {@code read_only})
 * and {@code fs.embed} ({@code directory}, a classpath folder) entries.
 */
public final class FileSystemHandler extends AbstractEntryHandler {

    /** The fields the handler reads (not a closed set: other fields are not refused). */
    private static final ai.wippy.registry.FieldSet DIRECTORY_SPEC = ai.wippy.registry.FieldSet.open(
            ai.wippy.registry.FieldSet.Field.string("directory", "the folder, relative to this file")
                    .asRequired(),
            ai.wippy.registry.FieldSet.Field.string("mode", "octal permissions of a folder it creates, such as 0755"),
            ai.wippy.registry.FieldSet.Field.bool("auto_init", "create the folder when missing"),
            ai.wippy.registry.FieldSet.Field.bool("read_only", "refuse writes"));

    private static final ai.wippy.registry.FieldSet EMBED_SPEC =
            ai.wippy.registry.FieldSet.open(ai.wippy.registry.FieldSet.Field.string("directory", "the classpath folder")
                    .asRequired());

    public FileSystemHandler() {
        super(
                RESOURCES,
                new ai.wippy.registry.KindSpec("fs.directory", "a folder on disk", DIRECTORY_SPEC),
                new ai.wippy.registry.KindSpec("fs.embed", "a folder on the classpath", EMBED_SPEC));
    }

    @Override
    public void load(RegistryEntry entry, LoadContext context) {
        VirtualFileSystem fs = entry.kind().equals("fs.directory")
                ? directory(entry, context.registry().options().directoryBase())
                : embedded(entry);
        context.putResource(entry.id(), fs);
    }

    private VirtualFileSystem directory(RegistryEntry entry, Path directoryBase) {
        String dir = entry.requiredString("directory");
        ResourceBase base = entry.base();
        Path folder;
        if (directoryBase != null) {
            // as Wippy does: relative to the project's folder (wippy.registry.directory-base)
            folder = directoryBase
                    .resolve(ResourceBase.strip(dir))
                    .toAbsolutePath()
                    .normalize();
        } else if (base instanceof ResourceBase.FileSystem f) {
            folder = f.resolve(dir);
        } else if (base instanceof ResourceBase.Classpath cp) {
            folder = classpathFolder(entry, cp, dir);
        } else {
            // an entry without a document (built in code): relative to the working directory
            folder = Path.of(ResourceBase.strip(dir)).toAbsolutePath().normalize();
        }
        String mode = entry.string("mode");
        if (mode != null && !mode.matches("0?[0-7]{3}")) {
            throw entry.error("mode", "'" + mode + "' is not an octal permission mode such as 0755");
        }
        if (!Files.isDirectory(folder)) {
            if (!entry.bool("auto_init", false)) {
                throw entry.error(
                        "directory", "folder " + folder + " does not exist (set auto_init: true to create it)");
            }
            try {
                Files.createDirectories(folder);
                if (mode != null
                        && folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(toRwx(mode)));
                }
            } catch (IOException | UnsupportedOperationException e) {
                throw entry.error("directory", "cannot create folder " + folder + ": " + e.getMessage(), e);
            }
        }
        try {
            return DirectoryFileSystem.open(entry.id(), folder, entry.bool("read_only", false));
        } catch (IOException e) {
            throw entry.error("directory", "cannot open folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * A folder next to a classpath registry file: possible while the classpath is a folder (an IDE, a
     * test, spring-boot:run), not inside a jar, where fs.embed is the kind to use.
     */
    private static Path classpathFolder(RegistryEntry entry, ResourceBase.Classpath cp, String dir) {
        String stripped = ResourceBase.strip(dir);
        if (Path.of(stripped).isAbsolute()) {
            return Path.of(stripped).normalize();
        }
        String resource = cp.resolve(dir);
        java.net.URL url = cp.loader().getResource(resource);
        if (url == null) {
            url = cp.loader().getResource(cp.prefix().isEmpty() ? "" : cp.prefix());
            if (url != null && "file".equals(url.getProtocol())) {
                try {
                    return Path.of(url.toURI()).resolve(stripped).normalize();
                } catch (java.net.URISyntaxException e) {
                    throw entry.error("directory", "cannot locate " + dir + ": " + e.getMessage(), e);
                }
            }
            throw entry.error("directory", "folder " + resource + " is not on the classpath");
        }
        if (!"file".equals(url.getProtocol())) {
            throw entry.error(
                    "directory",
                    "folder classpath:" + resource + " is inside the application archive (" + url.getProtocol()
                            + "); use kind fs.embed for packaged folders, or a registry folder on disk");
        }
        try {
            return Path.of(url.toURI());
        } catch (java.net.URISyntaxException e) {
            throw entry.error("directory", "cannot locate " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String toRwx(String mode) {
        String digits = mode.length() == 4 ? mode.substring(1) : mode;
        StringBuilder sb = new StringBuilder();
        for (char c : digits.toCharArray()) {
            int v = c - '0';
            sb.append((v & 4) != 0 ? 'r' : '-').append((v & 2) != 0 ? 'w' : '-').append((v & 1) != 0 ? 'x' : '-');
        }
        return sb.toString();
    }

    private VirtualFileSystem embedded(RegistryEntry entry) {
        String dir = entry.requiredString("directory");
        ResourceBase base = entry.base();
        String prefix;
        ClassLoader loader;
        if (base instanceof ResourceBase.Classpath cp) {
            prefix = cp.resolve(dir);
            loader = cp.loader();
        } else {
            String d = ResourceBase.strip(dir);
            prefix = d.startsWith("classpath:") ? d.substring("classpath:".length()) : d;
            loader = Thread.currentThread().getContextClassLoader();
        }
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        EmbeddedFileSystem fs = new EmbeddedFileSystem(entry.id(), loader, prefix);
        if (!fs.isDirectory("")) {
            throw entry.error("directory", "classpath folder '" + prefix + "' is empty or does not exist");
        }
        return fs;
    }
}
