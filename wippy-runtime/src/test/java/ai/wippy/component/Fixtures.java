package ai.wippy.component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The committed component fixtures under src/test/fixtures/component. */
public final class Fixtures {

    public static final Path ROOT = Path.of("src/test/fixtures/component");

    private Fixtures() {}

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(ROOT.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
