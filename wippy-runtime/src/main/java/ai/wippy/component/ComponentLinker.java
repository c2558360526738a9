package ai.wippy.component;

import ai.wippy.component.host.AbsentInterface;
import ai.wippy.component.host.HostInterface;
import ai.wippy.component.host.UngrantedInterface;
import ai.wippy.registry.RegistryEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The host side of linking: the host interfaces components may import, by unversioned name. Define
 * them once, then {@link #instantiatePre} each component with the capabilities its entry grants.
 *
 * <p>Rules: an import is linked to a host interface only when the entry grants it (WASI interfaces
 * through their group, {@code wasi:filesystem}; {@code wippy:runtime/funcs} through {@code funcs};
 * application interfaces through their name, {@code test:minimal/host}, or their name with the
 * version the component imports, {@code test:minimal/host@0.1.0}). A WASI import that is not
 * granted or not implemented links to an {@link UngrantedInterface}. An imported instance that
 * declares only types needs no host. Any other import that is not granted links as absent (an
 * {@link AbsentInterface}: its functions trap, naming it; {@link InstancePre#absentImports()}
 * lists them); one that is granted but that no host provides is a {@link LinkError} naming it.
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
            Set.of("wasi:cli", "wasi:clocks", "wasi:filesystem", "wasi:sockets", "wasi:http", "wippy:actor");

    private final Map<String, HostInterface> hosts = new LinkedHashMap<>();

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
        List<String> absent = new ArrayList<>();
        for (Component.ImportInfo i : component.imports()) {
            if (i.kind().equals("type")) {
                continue; // type imports are satisfied by their bounds
            }
            String name = i.unversioned();
            HostInterface host = hosts.get(name);
            boolean wasi = name.startsWith("wasi:");
            if (wasi) {
                boolean isGranted = isGranted(i.name(), granted);
                HostInterface ungranted = host == null ? null : host.whenNotGranted();
                linked.put(
                        i.name(),
                        host != null && isGranted
                                ? host
                                : ungranted != null ? ungranted : new UngrantedInterface(name));
                continue;
            }
            if (i.typesOnly()) {
                // an interface of type definitions (cargo-component's test:complex/types): nothing to call
                linked.put(i.name(), new AbsentInterface(i.name(), host != null));
                continue;
            }
            if (!i.kind().equals("instance") && !i.kind().equals("func")) {
                throw new LinkError(
                        i.name(),
                        "the component imports " + i.kind() + " '" + i.name()
                                + "', which the runtime cannot provide (only instances and functions are linked)");
            }
            checkGrantedVersion(i.name(), granted);
            if (!isGranted(i.name(), granted)) {
                // as in Wippy: the component links, and calling the import traps naming it
                linked.put(i.name(), new AbsentInterface(i.name(), host != null));
                absent.add(i.name());
                continue;
            }
            if (host == null) {
                throw new LinkError(
                        i.name(),
                        "the entry grants '" + grantFor(i.name(), granted) + "', but no host interface provides "
                                + i.kind() + " '" + i.name()
                                + "'; provide a HostInterface or @WitInterface(\"" + name
                                + "\") bean; provided: " + defined());
            }
            linked.put(i.name(), host);
        }
        return new InstancePre(component, linked, granted, entry, absent);
    }

    /** The grant that names {@code importName} (with or without its version). */
    private static String grantFor(String importName, Set<String> granted) {
        if (granted.contains(importName)) {
            return importName;
        }
        String name = unversioned(importName);
        return name.equals("wippy:runtime/funcs") && !granted.contains(name) ? "funcs" : name;
    }

    /**
     * A grant that names the import's interface with another version is a mistake, not a reason
     * to link it as absent: {@code imports: [test:minimal/host@0.2.0]} for an import of
     * {@code test:minimal/host@0.1.0}.
     */
    private static void checkGrantedVersion(String importName, Set<String> granted) {
        String name = unversioned(importName);
        if (isGranted(importName, granted)) {
            return;
        }
        for (String g : granted) {
            if (g.indexOf('@') > 0 && unversioned(g).equals(name)) {
                throw new LinkError(
                        importName,
                        "the entry grants '" + g + "', but the component imports '" + importName + "'; grant '"
                                + importName + "' or '" + name + "' (any version)");
            }
        }
    }

    /**
     * Whether {@code importName} (with or without its {@code @version}) is granted: by its name
     * without version (any version), by its name with the same version, or through its group.
     */
    static boolean isGranted(String importName, Set<String> granted) {
        String unversionedName = unversioned(importName);
        if (granted.contains(unversionedName) || granted.contains(importName)) {
            return true;
        }
        if (unversionedName.equals("wippy:runtime/funcs")) {
            return granted.contains("funcs");
        }
        if (unversionedName.equals("wippy:actor/process")) {
            return granted.contains("wippy:actor");
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
