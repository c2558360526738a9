package ai.wippy.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/** Parses {@code _index.yaml} documents into entries, checking the common fields of every entry. */
public final class RegistryParser {

    /** What a namespace may be (also in the JSON Schema). */
    public static final String NAMESPACE_PATTERN = "[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*";

    /** What an entry name may be (also in the JSON Schema). */
    public static final String NAME_PATTERN = "[A-Za-z0-9_.-]+";

    private static final Pattern NAMESPACE = Pattern.compile(NAMESPACE_PATTERN);
    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

    /** Aliases of collections a file may use: enough for shared settings, too few for an alias bomb. */
    static final int MAX_COLLECTION_ALIASES = 20;

    /** How deep mappings and lists may nest. */
    static final int MAX_NESTING_DEPTH = 50;

    private final RegistryOptions registryOptions;

    public RegistryParser() {
        this(RegistryOptions.defaults());
    }

    public RegistryParser(RegistryOptions registryOptions) {
        this.registryOptions = registryOptions;
    }

    public List<RegistryEntry> parse(RegistryDocument doc) {
        String content = doc.content() == null ? "" : doc.content();
        // checked before parsing: characters first (cheap), then the UTF-8 size the file had
        if (content.length() > registryOptions.maxFileSize() || utf8Length(content) > registryOptions.maxFileSize()) {
            throw RegistryDocument.tooLarge(doc.location(), registryOptions);
        }
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, registryOptions.maxFileSize()));
            options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
            options.setAllowRecursiveKeys(false);
            options.setNestingDepthLimit(MAX_NESTING_DEPTH);
            // what Yaml.load does, without the facade: it would load SnakeYAML's representer and
            // dumper classes (about 40), which reading a file never uses
            SafeConstructor constructor = new SafeConstructor(options);
            constructor.setComposer(
                    new Composer(new ParserImpl(new StreamReader(content), options), new Resolver(), options));
            root = constructor.getSingleData(Object.class);
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            String where =
                    mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            throw new RegistryException(
                    doc.location(), null, null, "malformed YAML" + where + ": " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new RegistryException(doc.location(), null, null, "malformed YAML: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new RegistryException(
                    doc.location(), null, null, "expected a mapping with 'version', 'namespace' and 'entries'");
        }
        Object version = top.get("version");
        if (version != null && !String.valueOf(version).startsWith("1")) {
            throw new RegistryException(
                    doc.location(), null, "version", "unsupported version '" + version + "', expected \"1.0\"");
        }
        Object nsValue = top.get("namespace");
        if (!(nsValue instanceof String namespace) || namespace.isBlank()) {
            throw new RegistryException(doc.location(), null, "namespace", "required field is missing");
        }
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new RegistryException(
                    doc.location(),
                    null,
                    "namespace",
                    "'" + namespace + "' is not a namespace (letters, digits, '-', '_', dot-separated)");
        }
        Object entriesValue = top.get("entries");
        if (entriesValue == null) {
            return List.of();
        }
        if (!(entriesValue instanceof List<?> rawEntries)) {
            throw new RegistryException(doc.location(), null, "entries", "expected a list of entries");
        }
        List<RegistryEntry> out = new ArrayList<>();
        for (int i = 0; i < rawEntries.size(); i++) {
            out.add(parseEntry(doc, namespace, i, rawEntries.get(i)));
        }
        return out;
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private RegistryEntry parseEntry(RegistryDocument doc, String namespace, int index, Object raw) {
        String position = "entries[" + index + "]";
        if (!(raw instanceof Map<?, ?> map)) {
            throw new RegistryException(doc.location(), null, position, "expected a mapping");
        }
        Object nameValue = map.get("name");
        if (!(nameValue instanceof String name) || name.isBlank()) {
            throw new RegistryException(
                    doc.location(), namespace + ":?", position + ".name", "required field is missing");
        }
        if (!NAME.matcher(name).matches()) {
            throw new RegistryException(
                    doc.location(),
                    namespace + ":" + name,
                    "name",
                    "'" + name + "' is not a valid name (letters, digits, '.', '-', '_')");
        }
        String id = namespace + ":" + name;
        Object kindValue = map.get("kind");
        if (!(kindValue instanceof String kind) || kind.isBlank()) {
            throw new RegistryException(doc.location(), id, "kind", "required field is missing");
        }
        Object metaValue = map.get("meta");
        if (metaValue != null && !(metaValue instanceof Map)) {
            throw new RegistryException(doc.location(), id, "meta", "expected a mapping");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!key.equals("name") && !key.equals("kind") && !key.equals("meta")) {
                fields.put(key, normalize(doc, id, key, e.getValue()));
            }
        }
        Map<String, Object> meta = (Map<String, Object>) normalize(doc, id, "meta", metaValue);
        return new RegistryEntry(new EntryId(namespace, name), kind, meta, fields, doc);
    }

    /**
     * A copy of a YAML value whose mappings are keyed by strings, as every handler reads them: a
     * number or boolean key ({@code 1: x}) becomes its text, a mapping or list used as a key is refused.
     */
    private static Object normalize(RegistryDocument doc, String id, String path, Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object k = e.getKey();
                if (k instanceof Map || k instanceof List || k instanceof byte[]) {
                    throw new RegistryException(
                            doc.location(),
                            id,
                            path,
                            "a key must be a string, a number or a boolean, got " + RegistryEntry.describe(k));
                }
                String key = String.valueOf(k);
                if (out.containsKey(key)) {
                    throw new RegistryException(doc.location(), id, path + "." + key, "duplicate key");
                }
                out.put(key, normalize(doc, id, path + "." + key, e.getValue()));
            }
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(normalize(doc, id, path + "[" + i + "]", l.get(i)));
            }
            return out;
        }
        return value;
    }
}
