package ai.wippy.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Function calls have no terminal: their output becomes one log line per guest line. */
class WasiStdioTest {

    @Test
    void guestOutputIsLoggedLineByLine() throws Exception {
        List<String> lines = new ArrayList<>();
        WasiStdio.LineLogger out = new WasiStdio.LineLogger(lines::add);
        out.write("Hello, ".getBytes(StandardCharsets.UTF_8));
        out.write("world\nsecond line\npartial".getBytes(StandardCharsets.UTF_8));
        assertThat(lines).containsExactly("Hello, world", "second line");
        out.flush();
        assertThat(lines).containsExactly("Hello, world", "second line", "partial");
    }

    @Test
    void guestPathsStayInsideTheMount() {
        assertThat(WasiPreview1.resolve("", "a/b/../c.txt")).isEqualTo("a/c.txt");
        assertThat(WasiPreview1.resolve("sub", "../x")).isEqualTo("x");
        assertThat(WasiPreview1.resolve("sub", "../../x")).isNull();
        assertThat(WasiPreview1.resolve("", "/etc/passwd")).isNull();
        assertThat(WasiPreview1.resolve("", "./.")).isEmpty();
    }
}
