package ai.wippy.component;

import ai.wippy.component.host.HostInterface;
import ai.wippy.component.host.UngrantedInterface;
import ai.wippy.registry.RegistryEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The host side of linking: the host interfaces components may import, by unversioned name. Define
 * them once, then {@link #instantiatePre} each component with the capabilities its entry grants.
 *
 * <p>Rules: an import is linked to a host interface only when the entry grants it (WASI interfaces
 * through their group, {@code wasi:filesystem}; {@code wippy:runtime/funcs} through {@code funcs};
 * application interfaces through their name, {@code test:minimal/host}). A WASI import that is not
 * granted or not implemented links to an {@link UngrantedInterface}; any other import that is not
 * granted or not provided is a {@link LinkError} naming it.
 */
public final class ComponentLinker {

    /** An import that cannot be satisfied; {@link #importName()} names it. */
    public static final class LinkError extends RuntimeException {
        private final String importName;

        public LinkError(String importName, String message) {
            super(message);
            this.importName = importName;
        }

        public String importName() {
            return importName;
        }
    }

    /** Groups whose interfaces hand out streams, errors or pollables, and so imply wasi:io. */
    private static final Set<String> STREAM_SOURCES =
            Set.of("wasi:cli", "wasi:clocks", "wasi:filesystem", "wasi:sockets", "wasi:http");

    private final Map<String, HostInterface> hosts = new LinkedHashMap<>();
    private AbiBridge abi = ComponentAbi.INSTANCE;

    public ComponentLinker define(HostInterface host) {
        hosts.put(unversioned(host.name()), host);
        return this;
    }

    public ComponentLinker defineAll(Iterable<? extends HostInterface> all) {
        for (HostInterface h : all) {
            define(h);
        }
        return this;
    }

    /** The names of the defined host interfaces. */
    public Set<String> defined() {
        return new TreeSet<>(hosts.keySet());
    }

    /**
     * Links {@code component}'s imports.
     *
     * @param granted the capability groups and interface names the entry lists in {@code imports}
     * @param entry the entry, handed to host interfaces when they bind; may be null
     */
    public InstancePre instantiatePre(Component component, Set<String> granted, RegistryEntry entry) {
        Map<String, HostInterface> linked = new LinkedHashMap<>();
        for (Component.ImportInfo i : component.imports()) {
            if (i.kind().equals("type")) {
                continue; // type imports are satisfied by their bounds
            }
            String name = i.unversioned();
            HostInterface host = hosts.get(name);
            boolean wasi = name.startsWith("wasi:");
            boolean isGranted = isGranted(name, granted);
            if (wasi) {
                HostInterface absent = host == null ? null : host.whenNotGranted();
                linked.put(
                        i.name(),
                        host != null && isGranted ? host : absent != null ? absent : new UngrantedInterface(name));
                continue;
            }
            if (host == null) {
                throw new LinkError(
                        i.name(),
                        "the component imports " + i.kind() + " '" + i.name()
                                + "', which no host interface provides; provided: " + defined());
            }
            if (!isGranted) {
                throw new LinkError(
                        i.name(),
                        "the component imports '" + i.name() + "', which the entry does not grant; add '"
                                + (name.equals("wippy:runtime/funcs") ? "funcs" : name) + "' to imports");
            }
            linked.put(i.name(), host);
        }
        return new InstancePre(component, linked, granted, entry, abi);
    }

    static boolean isGranted(String unversionedName, Set<String> granted) {
        if (granted.contains(unversionedName)) {
            return true;
        }
        if (unversionedName.equals("wippy:runtime/funcs")) {
            return granted.contains("funcs");
        }
        String group = UngrantedInterface.groupOf(unversionedName);
        if (unversionedName.startsWith("wasi:io/")) {
            // streams, errors and pollables reach nothing by themselves: a guest only holds them when
            // a granted interface (stdout, a file, a socket, a timer) handed them out
            if (granted.contains("wasi:io") || granted.contains("wasi:poll")) {
                return true;
            }
            return granted.stream().anyMatch(STREAM_SOURCES::contains);
        }
        return unversionedName.startsWith("wasi:") && granted.contains(group);
    }

    static String unversioned(String name) {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }
}
