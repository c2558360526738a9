package ai.wippy.wasm;

import ai.wippy.registry.RegistryEntry;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The capability groups (host profiles) an entry's {@code imports} may grant (SPEC sections 4 and 8).
 * Names are matched as Wippy matches them: case-insensitively and without a {@code @version}; a WASI
 * interface name ({@code wasi:io/poll}, {@code wasi:cli/stdout@0.2.0}) grants its group, and the
 * Preview 1 profile has the aliases {@code wasi1}, {@code wasi-preview1}, {@code preview1} and {@code
 * wasi_snapshot_preview1}.
 */
public final class ImportGroups {

    /** The Preview 1 profile for core modules: every group a {@code wasi_snapshot_preview1} import reaches. */
    public static final String WASI1 = "wasi1";

    /** The actor interface {@code wippy:actor/process@0.1.0}: self, send, try-receive, receive, subscribe. */
    public static final String ACTOR = "wippy:actor";

    public static final Set<String> KNOWN = Set.of(
            "wasi:cli",
            "wasi:io",
            "wasi:poll",
            "wasi:clocks",
            "wasi:filesystem",
            "wasi:random",
            "wasi:sockets",
            "wasi:http",
            "funcs",
            ACTOR,
            WASI1);

    /** What {@code wasi1} grants a core module. */
    public static final Set<String> PREVIEW1_GROUPS =
            Set.of("wasi:cli", "wasi:filesystem", "wasi:clocks", "wasi:random", "wasi:poll", "wasi:sockets");

    /** Profiles a core module cannot use: they exist for components only. */
    static final Set<String> COMPONENT_ONLY = Set.of("wasi:http", ACTOR);

    private static final Map<String, String> ALIASES = aliases();

    /** What an application interface import looks like: {@code ns:pkg/iface}, perhaps {@code @version}. */
    public static final String APPLICATION_INTERFACE = "[a-z0-9-]+:[a-z0-9-]+/[a-z0-9-]+(@[0-9.]+)?";

    /** Every group and alias {@code imports} may name, besides application interfaces. */
    public static Set<String> names() {
        Set<String> all = new java.util.TreeSet<>(KNOWN);
        all.addAll(ALIASES.keySet());
        return all;
    }

    private ImportGroups() {}

    private static Map<String, String> aliases() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String a : List.of("wasi-preview1", "preview1", "wasi_snapshot_preview1")) {
            m.put(a, WASI1);
        }
        interfaces(m, "wasi:io", "error", "streams");
        m.put("wasi:io/poll", "wasi:poll");
        interfaces(m, "wasi:cli", "environment", "exit", "stdin", "stdout", "stderr");
        interfaces(m, "wasi:cli", "terminal-input", "terminal-output");
        interfaces(m, "wasi:cli", "terminal-stdin", "terminal-stdout", "terminal-stderr");
        interfaces(m, "wasi:clocks", "wall-clock", "monotonic-clock");
        interfaces(m, "wasi:filesystem", "types", "preopens");
        interfaces(m, "wasi:random", "random", "insecure", "insecure-seed");
        interfaces(m, "wasi:sockets", "network", "instance-network", "ip-name-lookup");
        interfaces(m, "wasi:sockets", "tcp", "tcp-create-socket", "udp", "udp-create-socket");
        interfaces(m, "wasi:http", "types", "outgoing-handler");
        return Map.copyOf(m);
    }

    /** Adds the interfaces {@code group/name} of a group, each an alias of the group. */
    private static void interfaces(Map<String, String> m, String group, String... names) {
        for (String name : names) {
            m.put(group + "/" + name, group);
        }
    }

    /**
     * The granted groups. Besides the known groups and their aliases, an application interface such as
     * {@code test:minimal/host} may be listed (anything of the form {@code ns:pkg/iface}). Anything
     * else fails with Wippy's text, {@code unsupported wasm host import: <id>}.
     */
    public static Set<String> read(RegistryEntry entry) {
        List<Object> raw = entry.list("imports");
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String written = String.valueOf(raw.get(i));
            String group = canonical(written);
            if (group == null) {
                throw entry.error(
                        "imports[" + i + "]",
                        "unsupported wasm host import: " + written + " (known: " + new java.util.TreeSet<>(KNOWN)
                                + ", their WASI interfaces such as wasi:io/poll, or an application interface like"
                                + " ns:pkg/iface)");
            }
            out.add(group);
        }
        return out;
    }

    /** The group an import names, or {@code null} when it names nothing this runtime can provide. */
    static String canonical(String written) {
        String token = written.trim();
        String lower = token.toLowerCase(Locale.ROOT);
        int at = lower.indexOf('@');
        String unversioned = at < 0 ? lower : lower.substring(0, at);
        if (KNOWN.contains(unversioned)) {
            return unversioned;
        }
        String alias = ALIASES.get(unversioned);
        if (alias != null) {
            return alias;
        }
        if (token.matches(APPLICATION_INTERFACE)) {
            return token; // an application interface, kept as written
        }
        return null;
    }

    /**
     * The entry as a core module sees it: a component-only profile fails with Wippy's text ({@code
     * wasm host import requires component module: <id>}), and {@code wasi1} (or an alias) is expanded
     * to the Preview 1 groups it stands for.
     */
    public static RegistryEntry forCoreModule(RegistryEntry entry) {
        List<Object> raw = entry.list("imports");
        if (raw.isEmpty()) {
            return entry;
        }
        Set<String> groups = read(entry);
        for (int i = 0; i < raw.size(); i++) {
            String written = String.valueOf(raw.get(i));
            String group = canonical(written);
            if (COMPONENT_ONLY.contains(group) || (group.contains("/") && !group.startsWith("wasi:"))) {
                throw entry.error(
                        "imports[" + i + "]",
                        "wasm host import requires component module: " + written
                                + " (the binary is a core module; core modules reach the host through"
                                + " wasi_snapshot_preview1 and funcs)");
            }
        }
        if (!groups.contains(WASI1) && groups.size() == raw.size()) {
            return entry;
        }
        Set<String> expanded = new LinkedHashSet<>();
        for (String g : groups) {
            if (g.equals(WASI1)) {
                expanded.addAll(PREVIEW1_GROUPS);
            } else {
                expanded.add(g);
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>(entry.fields());
        fields.put("imports", List.copyOf(expanded));
        return new RegistryEntry(entry.id(), entry.kind(), entry.meta(), fields, entry.document());
    }
}
