package ai.wippy.spring.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The starter's packages form layers: {@code ai.wippy.spring} is the API (annotations, properties,
 * customizer), every auto-configuration package builds on it and on {@code registry}, and no two
 * packages need each other, directly or around a loop. Read from the sources, imports and fully
 * qualified names alike.
 */
class PackageCyclesTest {

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(ai\\.wippy(?:\\.[a-z0-9_]+)+)\\.[A-Z]");

    /** The package dependencies among the packages of {@code sources} (references to other modules left out). */
    static Map<String, Set<String>> dependencies(Path sources) throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8)
                        .replaceAll("(?s)/\\*.*?\\*/", "")
                        .replaceAll("//[^\\n]*", "");
                Matcher p = PACKAGE.matcher(text);
                if (!p.find()) {
                    continue;
                }
                String from = p.group(1);
                Set<String> to = out.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(text);
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        to.add(m.group(1));
                    }
                }
            }
        }
        out.values().forEach(to -> to.retainAll(out.keySet()));
        return out;
    }

    /** The strongly connected groups of more than one package (Tarjan). */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                visit(v, graph, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void visit(
            String v,
            Map<String, Set<String>> graph,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<Set<String>> out,
            int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                visit(w, graph, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> group = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                group.add(w);
            } while (!w.equals(v));
            if (group.size() > 1) {
                out.add(group);
            }
        }
    }

    @Test
    void theStartersPackagesHaveNoCycle() throws IOException {
        Map<String, Set<String>> graph = dependencies(Path.of("src/main/java"));
        assertThat(graph).containsKeys("ai.wippy.spring", "ai.wippy.spring.registry", "ai.wippy.spring.http");
        assertThat(cycles(graph)).as("package cycles in %s", graph).isEmpty();
        assertThat(graph.get("ai.wippy.spring"))
                .as("the API package depends on no other")
                .isEmpty();
    }

    /**
     * The runtime's packages form layers too: handlers and their code depend on the SPI ({@code
     * ai.wippy.spi}), never on the facade ({@code ai.wippy.runtime}), which alone names the built-ins;
     * no package is in a cycle (the WASI 0.2 hosts' list sits above the interfaces it gathers).
     */
    @Test
    void theRuntimesPackagesHaveNoCycleAndOnlyTheFacadeKnowsTheBuiltIns() throws IOException {
        Map<String, Set<String>> graph = dependencies(Path.of("../wippy-runtime/src/main/java"));
        assertThat(graph).containsKeys("ai.wippy.call", "ai.wippy.spi", "ai.wippy.runtime");
        Set<String> inCycles = new TreeSet<>();
        cycles(graph).forEach(inCycles::addAll);
        assertThat(inCycles).as("packages in a cycle").isEmpty();
        graph.forEach((from, to) ->
                assertThat(to).as("%s depends on the facade", from).doesNotContain("ai.wippy.runtime"));
        assertThat(graph.get("ai.wippy.spi"))
                .as("the SPI depends only on the layers below it")
                .isSubsetOf(
                        "ai.wippy.call",
                        "ai.wippy.security",
                        "ai.wippy.registry",
                        "ai.wippy.wit",
                        "ai.wippy.value",
                        "ai.wippy.engine",
                        "ai.wippy.pool",
                        "ai.wippy.actor");
    }

    /** ServiceLoader is for other jars: the runtime names its own built-ins instead of listing them in service files. */
    @Test
    void theRuntimeJarHasNoServiceFilesOfItsOwn() {
        assertThat(Path.of("../wippy-runtime/src/main/resources/META-INF/services"))
                .doesNotExist();
    }

    @Test
    void aCycleIsFound() {
        assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"))))
                .containsExactly(Set.of("a", "b", "c"));
    }
}
