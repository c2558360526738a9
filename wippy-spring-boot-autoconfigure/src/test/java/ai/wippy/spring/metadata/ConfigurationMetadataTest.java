package ai.wippy.spring.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.engine.EngineMode;
import ai.wippy.spring.WippyProperties;
import ai.wippy.spring.WippySecurityProperties;
import ai.wippy.spring.http.WippyHttpProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.util.ReflectionUtils;

/**
 * The configuration metadata (what IDEs complete and document) covers every {@code wippy.*} property
 * the code reads, each with a description, its default (checked against the real one) unless it has
 * none, and value hints for the properties that take one of a few values.
 */
class ConfigurationMetadataTest {

    static final Path SOURCES = Path.of("src/main/java");
    static final Pattern READ = Pattern.compile("\"(wippy\\.[a-z0-9.-]+)\"");

    /**
     * Properties without a default: lists, maps, identities, the pool budget computed from the heap, and
     * watch (directories always, classpath folders with devtools).
     */
    static final Set<String> NO_DEFAULT = Set.of(
            "wippy.registry.watch",
            "wippy.dispatcher.worker-classes",
            "wippy.limits.pool-memory",
            "wippy.limits.total-memory",
            "wippy.engine.cache-dir",
            "wippy.registry.directory-base",
            "wippy.registry.directories",
            "wippy.security.anonymous-groups",
            "wippy.security.authority-groups",
            "wippy.security.default-groups",
            "wippy.security.system-actor",
            "wippy.security.system-groups");

    static Map<String, JsonNode> properties = new LinkedHashMap<>();
    static Map<String, JsonNode> hints = new LinkedHashMap<>();

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in =
                ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the generated metadata").isNotNull();
            JsonNode root = new ObjectMapper().readTree(in);
            root.get("properties").forEach(p -> properties.put(p.get("name").asText(), p));
            root.path("hints").forEach(h -> hints.put(h.get("name").asText(), h));
        }
    }

    /** Every "wippy.x.y" literal of the main sources that names a property (not a meter or a logger). */
    static Set<String> propertiesTheCodeReads() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (!line.contains("getProperty(") && !line.contains("ConditionalOnProperty")) {
                        continue;
                    }
                    Matcher m = READ.matcher(line);
                    while (m.find()) {
                        out.add(m.group(1));
                    }
                }
            }
        }
        return out;
    }

    /** Every wippy.* property is a field of a *Properties class (bound, described): none is read by hand. */
    @Test
    void noPropertyIsReadFromTheEnvironmentByHand() throws IOException {
        assertThat(propertiesTheCodeReads())
                .as("wippy.* properties read with getProperty")
                .isEmpty();
        assertThat(properties.keySet())
                .contains(
                        "wippy.security.strict",
                        "wippy.cli.exit",
                        "wippy.function-beans.enabled",
                        "wippy.registry.watch");
    }

    @Test
    void everyWippyPropertyHasADescriptionAndADefaultUnlessItHasNone() {
        List<String> missing = new ArrayList<>();
        properties.forEach((name, p) -> {
            if (!name.startsWith("wippy.")) {
                return;
            }
            if (p.path("description").asText().isBlank()) {
                missing.add(name + ": no description");
            }
            if (!p.has("defaultValue") && !NO_DEFAULT.contains(name)) {
                missing.add(name + ": no default");
            }
        });
        assertThat(missing).isEmpty();
        assertThat(properties.get("wippy.limits.pool-memory").get("description").asText())
                .contains("half the JVM's maximum heap");
    }

    /** The default the metadata states is the value an application gets when it sets nothing. */
    @Test
    void theStatedDefaultsAreTheRealOnes() {
        Binder empty = new Binder(new MapConfigurationPropertySource(Map.of()));
        Map<String, Object> beans = Map.of(
                "wippy.security.", empty.bindOrCreate("wippy.security", WippySecurityProperties.class),
                "wippy.http.", empty.bindOrCreate("wippy.http", WippyHttpProperties.class),
                "wippy.", empty.bindOrCreate("wippy", WippyProperties.class));
        var conversion = ApplicationConversionService.getSharedInstance();
        int checked = 0;
        for (Map.Entry<String, JsonNode> e : properties.entrySet()) {
            String name = e.getKey();
            JsonNode stated = e.getValue().get("defaultValue");
            if (!name.startsWith("wippy.") || stated == null) {
                continue;
            }
            String prefix = beans.keySet().stream()
                    .filter(name::startsWith)
                    .max(java.util.Comparator.comparingInt(String::length))
                    .orElseThrow();
            Component bound = Component.of(beans.get(prefix), name.substring(prefix.length()));
            assertThat(bound)
                    .as(name + " is a component of the bound properties")
                    .isNotNull();
            Object actual = bound.value();
            Object expected = stated.isArray()
                    ? conversion.convert(
                            String.join(",", toList(stated)), bound.type().getType())
                    : conversion.convert(stated.asText(), bound.type());
            if (expected instanceof List<?> l && actual instanceof List<?>) {
                expected = new ArrayList<>(l);
            }
            assertThat(actual).as(name).isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(8);
    }

    @Test
    void propertiesOfAFewValuesHaveHintsForEachOfThem() {
        assertThat(hintValues("wippy.engine.mode"))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(EngineMode.values())
                        .map(v -> v.name().toLowerCase(Locale.ROOT))
                        .toList());
        assertThat(hintValues("wippy.http.include-message"))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(WippyHttpProperties.IncludeMessage.values())
                        .map(v -> v.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                        .toList());
        assertThat(hints).containsKey("wippy.security.authority-groups.keys");
    }

    private static List<String> hintValues(String name) {
        assertThat(hints).containsKey(name);
        List<String> out = new ArrayList<>();
        hints.get(name).get("values").forEach(v -> out.add(v.get("value").asText()));
        return out;
    }

    private static List<String> toList(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    /** The value and type of a bound record's component, by its property path (registry.max-file-size). */
    record Component(Object value, TypeDescriptor type) {
        static Component of(Object record, String path) {
            Component at = new Component(record, null);
            for (String name : path.split("\\.")) {
                RecordComponent c = at.value() == null
                        ? null
                        : Arrays.stream(at.value().getClass().getRecordComponents())
                                .filter(r -> DataObjectPropertyName.toDashedForm(r.getName())
                                        .equals(name))
                                .findFirst()
                                .orElse(null);
                if (c == null) {
                    return null;
                }
                at = new Component(
                        ReflectionUtils.invokeMethod(c.getAccessor(), at.value()),
                        new TypeDescriptor(new MethodParameter(c.getAccessor(), -1)));
            }
            return at;
        }
    }
}
