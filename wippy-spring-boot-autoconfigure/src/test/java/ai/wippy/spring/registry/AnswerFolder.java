package ai.wippy.spring.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A registry folder on disk the tests change while the application runs: namespace {@code live}, whose
 * function {@code answer} (from {@code answer.wat}) answers {@code GET /answer}, plus each test's own
 * entries.
 */
final class AnswerFolder {

    private AnswerFolder() {}

    /** The {@code _index.yaml}: the answer function and endpoint, then {@code entries} (as listed under entries:). */
    static String index(String entries) {
        return """
                version: "1.0"
                namespace: live
                entries:
                  - name: answer
                    kind: function.wat
                    method: answer
                    wit: "answer: func() -> s32;"
                    source: file://answer.wat
                  - { name: answer_get, kind: http.endpoint, method: GET, path: /answer, func: answer }
                """ + entries;
    }

    /** The module of {@code answer.wat}, answering {@code answer}. */
    static String wat(int answer) {
        return "(module (func (export \"answer\") (result i32) i32.const " + answer + "))";
    }

    static void write(Path folder, String file, String text) throws IOException {
        Files.writeString(folder.resolve(file), text, StandardCharsets.UTF_8);
    }

    /** Writes {@code index} and an {@code answer.wat} answering 42 into {@code folder}, the application's registry directory. */
    static void create(Path folder, String index, DynamicPropertyRegistry properties) throws IOException {
        write(folder, "_index.yaml", index);
        write(folder, "answer.wat", wat(42));
        properties.add("wippy.registry.directories", folder::toString);
    }
}
