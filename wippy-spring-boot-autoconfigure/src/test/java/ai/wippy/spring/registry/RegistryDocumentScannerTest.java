package ai.wippy.spring.registry;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.registry.RegistryException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryDocumentScannerTest {

    private final RegistryDocumentScanner scanner =
            new RegistryDocumentScanner(getClass().getClassLoader());

    @Test
    void aMissingRelativeFolderNamesTheWorkingDirectoryItWasResolvedAgainst() {
        String cwd = Path.of("").toAbsolutePath().toString();
        assertThatThrownBy(() -> scanner.scan(List.of(), List.of("no-such-registry-folder")))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(Path.of(cwd, "no-such-registry-folder").toString())
                .hasMessageContaining("registry folder does not exist (wippy.registry.directories: "
                        + "'no-such-registry-folder' is relative to the working directory " + cwd + ")");
    }

    @Test
    void aMissingAbsoluteFolderIsNamedAsItIs(@TempDir Path dir) {
        Path missing = dir.resolve("gone");
        assertThatThrownBy(() -> scanner.scan(List.of(), List.of(missing.toString())))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("registry folder does not exist (wippy.registry.directories)")
                .hasMessageNotContaining("working directory");
    }
}
