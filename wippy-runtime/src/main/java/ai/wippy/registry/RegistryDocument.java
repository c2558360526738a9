package ai.wippy.registry;

import java.io.IOException;
import java.io.InputStream;

/** One {@code _index.yaml}: where it came from, its text, and the base its relative paths resolve against. */
public record RegistryDocument(String location, String content, ResourceBase base) {

    /**
     * Reads a registry file: at most {@link RegistryOptions#maxFileSize()} bytes (a larger file is
     * refused without reading the rest), decoded as strict UTF-8. Failures name the file.
     */
    public static RegistryDocument read(String location, InputStream in, ResourceBase base, RegistryOptions options) {
        byte[] bytes;
        try {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8L, options.maxFileSize() + 1));
        } catch (IOException e) {
            throw new RegistryException(location, null, null, "cannot read registry file: " + e.getMessage(), e);
        }
        checkSize(location, bytes.length, options);
        String text;
        try {
            text = SourceFiles.utf8(bytes);
        } catch (SourceFiles.NotUtf8 e) {
            throw new RegistryException(location, null, null, "registry file is not UTF-8 text: " + e.getMessage(), e);
        }
        return new RegistryDocument(location, text, base);
    }

    /** Refuses a registry file of {@code size} bytes when that is above the limit. */
    public static void checkSize(String location, long size, RegistryOptions options) {
        if (size > options.maxFileSize()) {
            throw tooLarge(location, options);
        }
    }

    static RegistryException tooLarge(String location, RegistryOptions options) {
        return new RegistryException(
                location,
                null,
                null,
                "registry file is larger than the limit of " + options.maxFileSize()
                        + " bytes (wippy.registry.max-file-size); split it into several _index.yaml files"
                        + " or raise the limit");
    }
}
