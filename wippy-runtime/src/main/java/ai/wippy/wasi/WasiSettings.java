package ai.wippy.wasi;

import ai.wippy.env.EnvVariable;
import ai.wippy.fs.VirtualFileSystem;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.LoadContext;
import ai.wippy.wasm.ImportGroups;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one entry's WASI guest may see, read once at boot from {@code imports} and {@code wasi}:
 * {@code args} (list), {@code cwd}, {@code env} (list of {@code {id, name, required}}), {@code mounts}
 * (list of {@code {fs, guest, read_only}}). Groups that are not granted hide what they cover: without
 * {@code wasi:cli} the guest sees no arguments and no variables; without {@code wasi:filesystem}, no
 * mounts.
 */
public record WasiSettings(
        String entryId,
        Set<String> granted,
        List<String> args,
        String cwd,
        Map<String, EnvVariable> env,
        List<Mount> mounts,
        List<String> allowedHosts,
        java.util.function.Supplier<ai.wippy.security.NetworkAccess> network) {

    /** Settings without policy checks on the network (only {@code allowed_hosts} decides). */
    public WasiSettings(
            String entryId,
            Set<String> granted,
            List<String> args,
            String cwd,
            Map<String, EnvVariable> env,
            List<Mount> mounts,
            List<String> allowedHosts) {
        this(entryId, granted, args, cwd, env, mounts, allowedHosts, null);
    }

    /**
     * Whether the calling context's policies allow the network {@code action} on {@code resource}
     * ({@link ai.wippy.security.NetworkAccess}); always true for settings built without a runtime.
     */
    public boolean permits(String action, String resource) {
        return network == null || network.get().permits(entryId, action, resource);
    }

    private static final Set<String> FIELDS = ai.wippy.wasm.WasmFunctionHandler.WASI_SPEC.names();

    public boolean grants(String group) {
        return granted.contains(group);
    }

    /** The environment the guest sees now (values are read from their storages each time). */
    public Map<String, String> environment() {
        Map<String, String> out = new LinkedHashMap<>();
        if (!grants("wasi:cli")) {
            return out;
        }
        env.forEach((name, v) -> v.value().ifPresent(value -> out.put(name, value)));
        return out;
    }

    /** The arguments the guest sees: program name first, then the entry's and the caller's. */
    public List<String> argv(List<String> extra) {
        List<String> out = new ArrayList<>();
        out.add(entryId);
        if (grants("wasi:cli")) {
            out.addAll(args);
            out.addAll(extra);
        }
        return out;
    }

    public static WasiSettings read(RegistryEntry entry, LoadContext context) {
        Set<String> granted = ImportGroups.read(entry);
        Map<String, Object> wasi = entry.map("wasi");
        for (String f : wasi.keySet()) {
            if (!FIELDS.contains(f)) {
                throw entry.error("wasi." + f, "unknown field; known: " + new java.util.TreeSet<>(FIELDS));
            }
        }
        List<String> args = new ArrayList<>();
        for (Object a : list(entry, wasi, "args")) {
            args.add(String.valueOf(a));
        }
        Object cwd = wasi.get("cwd");
        Map<String, EnvVariable> env = new LinkedHashMap<>();
        items(entry, wasi, "env", (where, item) -> {
            String id = required(entry, where, item, "id");
            EnvVariable variable = context.resource(entry, where + ".id", id, EnvVariable.class);
            String name = item.get("name") == null ? variable.variable() : String.valueOf(item.get("name"));
            boolean required = Boolean.TRUE.equals(item.get("required"));
            if (required && variable.value().isEmpty()) {
                throw entry.error(
                        where,
                        "required variable " + name + " (" + variable.id() + ", '" + variable.variable()
                                + "' in its storage) has no value and no default");
            }
            env.put(name, variable);
        });
        List<Mount> mounts = new ArrayList<>();
        items(entry, wasi, "mounts", (where, item) -> {
            String fsRef = required(entry, where, item, "fs");
            VirtualFileSystem fs = context.resource(entry, where + ".fs", fsRef, VirtualFileSystem.class);
            String guest = required(entry, where, item, "guest");
            if (!guest.startsWith("/")) {
                throw entry.error(where + ".guest", "'" + guest + "' must be an absolute guest path like /data");
            }
            boolean readOnly = Boolean.TRUE.equals(item.get("read_only")) || fs.readOnly();
            mounts.add(new Mount(guest, fs, readOnly));
        });
        return new WasiSettings(
                entry.id().toString(),
                granted,
                List.copyOf(args),
                cwd == null ? null : String.valueOf(cwd),
                env,
                grantsFs(granted) ? List.copyOf(mounts) : List.of(),
                allowedHosts(entry, wasi),
                () -> new ai.wippy.security.NetworkAccess(context.runtime().accessGuard()));
    }

    /**
     * Whether outgoing connections (wasi:http, wasi:sockets) may reach {@code host}:{@code port}.
     * {@code allowed_hosts} lists {@code host}, {@code host:port} or {@code *.suffix} patterns;
     * {@code *} allows every host. Without the list nothing is reachable.
     */
    public boolean allowsHost(String host, int port) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        for (String pattern : allowedHosts) {
            String p = pattern.toLowerCase(java.util.Locale.ROOT);
            String hostPart = p;
            int colon = p.lastIndexOf(':');
            if (colon > 0 && p.indexOf(':') == colon && !p.endsWith("]")) {
                hostPart = p.substring(0, colon);
                if (!p.substring(colon + 1).equals(String.valueOf(port))
                        && !p.substring(colon + 1).equals("*")) {
                    continue;
                }
            }
            if (hostPart.equals("*")
                    || hostPart.equals(h)
                    || (hostPart.startsWith("*.") && h.endsWith(hostPart.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> allowedHosts(RegistryEntry entry, Map<String, Object> wasi) {
        List<String> out = new ArrayList<>();
        List<Object> raw = list(entry, wasi, "allowed_hosts");
        for (int i = 0; i < raw.size(); i++) {
            String p = String.valueOf(raw.get(i)).trim();
            if (p.isEmpty() || p.contains("/")) {
                throw entry.error(
                        "wasi.allowed_hosts[" + i + "]",
                        "'" + p + "' is not a host pattern like api.example.com, localhost:8080 or *.example.com");
            }
            out.add(p);
        }
        return List.copyOf(out);
    }

    private static boolean grantsFs(Set<String> granted) {
        return granted.contains("wasi:filesystem");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(RegistryEntry entry, Map<String, Object> wasi, String field) {
        Object v = wasi.get(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw entry.error("wasi." + field, "expected a list, got " + RegistryEntry.describe(v));
        }
        return (List<Object>) l;
    }

    /** Hands each item of the list {@code wasi.<field>}, which must be a map, to {@code each} with where it is. */
    @SuppressWarnings("unchecked")
    private static void items(
            RegistryEntry entry,
            Map<String, Object> wasi,
            String field,
            java.util.function.BiConsumer<String, Map<String, Object>> each) {
        List<Object> items = list(entry, wasi, field);
        for (int i = 0; i < items.size(); i++) {
            String where = "wasi." + field + "[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?> m)) {
                throw entry.error(where, "expected a map, got " + RegistryEntry.describe(items.get(i)));
            }
            each.accept(where, (Map<String, Object>) m);
        }
    }

    private static String required(RegistryEntry entry, String where, Map<String, Object> item, String key) {
        Object v = item.get(key);
        if (v == null) {
            throw entry.error(where + "." + key, "is required");
        }
        return String.valueOf(v);
    }
}
