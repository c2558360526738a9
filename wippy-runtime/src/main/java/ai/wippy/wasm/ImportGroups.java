package ai.wippy.wasm;

import ai.wippy.registry.RegistryEntry;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The capability groups an entry's {@code imports} may grant (SPEC section 4). */
public final class ImportGroups {

    public static final Set<String> KNOWN = Set.of(
            "wasi:cli",
            "wasi:io",
            "wasi:poll",
            "wasi:clocks",
            "wasi:filesystem",
            "wasi:random",
            "wasi:sockets",
            "wasi:http",
            "funcs");

    private ImportGroups() {}

    /**
     * The granted groups. Besides the known groups, an application interface such as
     * {@code test:minimal/host} may be listed (anything of the form {@code ns:pkg/iface}).
     */
    public static Set<String> read(RegistryEntry entry) {
        List<Object> raw = entry.list("imports");
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String group = String.valueOf(raw.get(i));
            if (!KNOWN.contains(group) && !group.matches("[a-z0-9-]+:[a-z0-9-]+/[a-z0-9-]+(@[0-9.]+)?")) {
                throw entry.error(
                        "imports[" + i + "]",
                        "'" + group + "' is not a capability group; known: " + new java.util.TreeSet<>(KNOWN)
                                + ", or an application interface like ns:pkg/iface");
            }
            out.add(group);
        }
        return out;
    }
}
