package ai.wippy.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.fuzz.FuzzBudget;
import ai.wippy.fuzz.Mutations;
import ai.wippy.runtime.WasmRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Whatever the shape of a registry file, the parser and the runtime answer with entries or a {@link
 * RegistryException} naming the file: random YAML trees over the registry's own vocabulary, random
 * edits of a valid file, and random entries of the kinds that touch nothing outside. Run longer with
 * {@code -Dwippy.fuzz.tries=N}.
 */
@FuzzBudget
class RegistryParserPropertyTest {

    private static final String[] KEYS = {
        "version",
        "namespace",
        "entries",
        "name",
        "kind",
        "meta",
        "source",
        "method",
        "wit",
        "pool",
        "type",
        "size",
        "max_size",
        "workers",
        "limits",
        "max_execution_ms",
        "imports",
        "wasi",
        "mounts",
        "env",
        "fs",
        "path",
        "hash",
        "groups",
        "policy",
        "actions",
        "resources",
        "effect",
        "conditions",
        "field",
        "operator",
        "value",
        "variable",
        "storage",
        "values",
        "func",
        "modules",
        "options",
        "transport",
        "directory",
        "read_only",
        "x"
    };

    private static final String[] KINDS = {
        "function.wat",
        "function.wasm",
        "function.lua",
        "security.policy",
        "env.variable",
        "env.storage.static",
        "env.storage.os",
        "http.endpoint",
        "fs.embed",
        "process.wasm",
        "nonsense"
    };

    private static final String[] WORDS = {
        "",
        "a",
        "app",
        "app:x",
        "1.0",
        "2",
        "-1",
        "0",
        "99999999999999999999",
        "file://x.wat",
        "file://../x",
        "(module)",
        "(module (func (export \"f\") (result i32) i32.const 1))",
        "return {}",
        "return { f = 1 }",
        "lazy",
        "static",
        "inline",
        "adaptive",
        "allow",
        "deny",
        "eq",
        "in",
        "matches",
        "[",
        "*",
        "\u00e9",
        "wasi:cli",
        "funcs",
        "sha256:00",
        "10ms",
        "s32",
        "f: func() -> s32;",
        "GET",
        "/p",
        "a:b:c",
        "  ",
        "\t",
        "null"
    };

    private static final String VALID = """
            version: "1.0"
            namespace: app.tools
            entries:
              - name: answer
                kind: function.wat
                meta: { comment: "the answer" }
                method: answer
                source: '(module (func (export "answer") (result i32) i32.const 42))'
                pool: { type: lazy, max_size: 2 }
                limits: { max_execution_ms: 500 }
              - name: admins
                kind: security.policy
                groups: [admins]
                policy:
                  actions: "funcs.*"
                  resources: ["app.tools:*"]
                  effect: allow
                  conditions:
                    - { field: actor.meta.level, operator: ne, value: intern }
              - name: main
                kind: function.lua
                method: main
                source: |
                  return { main = function(x) return x end }
            """;

    private static final String EDITS = ":-[]{}&*!|>'\"#%@`,?\n\t \\0aZ9.";

    private static Path folder;

    @BeforeContainer
    static void folder() throws Exception {
        folder = Files.createTempDirectory("wippy-yaml-fuzz");
    }

    @AfterContainer
    static void cleanUp() throws Exception {
        Mutations.deleteFolder(folder);
    }

    @Property(tries = 2000)
    void randomYamlTreesParseOrFailNamed(@ForAll long seed) {
        parseSafely(dump(tree(new Random(seed))));
    }

    @Property(tries = 2000)
    void randomEditsOfAValidFileParseOrFailNamed(@ForAll long seed) {
        Random r = new Random(seed);
        StringBuilder text = new StringBuilder(VALID);
        int edits = 1 + r.nextInt(6);
        for (int i = 0; i < edits; i++) {
            int at = r.nextInt(text.length() + 1);
            switch (r.nextInt(3)) {
                case 0 -> text.insert(at, EDITS.charAt(r.nextInt(EDITS.length())));
                case 1 -> {
                    if (at < text.length()) {
                        text.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < text.length()) {
                        text.setCharAt(at, EDITS.charAt(r.nextInt(EDITS.length())));
                    }
                }
            }
        }
        parseSafely(text.toString());
    }

    @Property(tries = 300)
    void randomEntriesBootOrFailNamed(@ForAll long seed) {
        Random r = new Random(seed);
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("version", "1.0");
        top.put("namespace", "fuzz");
        List<Object> entries = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", "e" + i);
            // kinds that read nothing but their own fields (and files under the test's folder)
            entry.put("kind", pick(r, KINDS));
            int fields = r.nextInt(5);
            for (int k = 0; k < fields; k++) {
                entry.put(pick(r, KEYS), value(r, 2));
            }
            entries.add(entry);
        }
        top.put("entries", entries);
        String yaml = dump(top);
        Path index = folder.resolve("_index.yaml");
        try (WasmRegistry runtime = WasmRegistry.builder()
                .document(new RegistryDocument(index.toString(), yaml, new ResourceBase.FileSystem(folder)))
                .build()) {
            assertThat(runtime).isNotNull();
        } catch (RegistryException e) {
            assertThat(e.file()).isEqualTo(index.toString());
            assertThat(e.getMessage()).startsWith("registry error in " + index);
        }
    }

    private static void parseSafely(String yaml) {
        RegistryDocument doc = new RegistryDocument("fuzz/_index.yaml", yaml, new ResourceBase.FileSystem(folder));
        try {
            List<RegistryEntry> entries =
                    Registry.load(List.of(doc)).entries().stream().toList();
            for (RegistryEntry e : entries) {
                assertThat(e.file()).isEqualTo("fuzz/_index.yaml");
            }
        } catch (RegistryException e) {
            assertThat(e.file()).isEqualTo("fuzz/_index.yaml");
        }
    }

    private static String dump(Object tree) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(tree);
    }

    /** A top-level shape: usually a mapping with the registry's keys, sometimes anything at all. */
    private static Object tree(Random r) {
        if (r.nextInt(10) == 0) {
            return value(r, 3);
        }
        Map<String, Object> top = new LinkedHashMap<>();
        if (r.nextInt(4) != 0) {
            top.put("version", r.nextBoolean() ? "1.0" : value(r, 1));
        }
        if (r.nextInt(5) != 0) {
            top.put("namespace", r.nextInt(3) != 0 ? "app" : value(r, 1));
        }
        if (r.nextInt(6) != 0) {
            List<Object> entries = new ArrayList<>();
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                if (r.nextInt(8) == 0) {
                    entries.add(value(r, 2));
                    continue;
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                if (r.nextInt(6) != 0) {
                    entry.put("name", r.nextInt(3) != 0 ? "e" + r.nextInt(3) : value(r, 1));
                }
                if (r.nextInt(6) != 0) {
                    entry.put("kind", r.nextInt(3) != 0 ? pick(r, KINDS) : value(r, 1));
                }
                int fields = r.nextInt(4);
                for (int k = 0; k < fields; k++) {
                    entry.put(pick(r, KEYS), value(r, 2));
                }
                entries.add(entry);
            }
            top.put("entries", r.nextInt(10) == 0 ? value(r, 1) : entries);
        }
        return top;
    }

    private static Object value(Random r, int depth) {
        int choice = r.nextInt(depth > 0 ? 9 : 6);
        return switch (choice) {
            case 0 -> pick(r, WORDS);
            case 1 -> r.nextInt();
            case 2 -> r.nextLong();
            case 3 -> r.nextBoolean();
            case 4 -> null;
            case 5 -> r.nextDouble();
            case 6, 7 -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    m.put(r.nextInt(5) == 0 ? r.nextInt(3) : pick(r, KEYS), value(r, depth - 1));
                }
                yield m;
            }
            default -> {
                List<Object> l = new ArrayList<>();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    l.add(value(r, depth - 1));
                }
                yield l;
            }
        };
    }

    private static String pick(Random r, String[] from) {
        return from[r.nextInt(from.length)];
    }
}
