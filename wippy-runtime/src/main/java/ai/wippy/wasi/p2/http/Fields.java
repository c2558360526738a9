package ai.wippy.wasi.p2.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The host object behind {@code fields} (headers and trailers): an ordered list of name/value
 * pairs, names compared without case and kept in lower case. Fields attached to a request or a
 * response, or received from the network, are immutable: changing them fails with {@code immutable}.
 * Names must be HTTP tokens and values must not hold CR, LF or NUL ({@code invalid-syntax});
 * hop-by-hop names the host manages itself are {@code forbidden} in fields a guest builds.
 */
public final class Fields {

    /** Connection-level headers a guest may not set: the HTTP client and server manage them. */
    static final Set<String> FORBIDDEN = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "proxy-authenticate",
            "proxy-authorization",
            "transfer-encoding",
            "upgrade",
            "te",
            "http2-settings");

    /** The pairs; null until the first read of fields {@link #received} from the network. */
    private List<Map.Entry<String, byte[]>> entries;
    /** What the network delivered, read (and kept as it came) when a guest first reads the fields. */
    private java.util.function.Supplier<List<Map.Entry<String, String>>> arrived;

    private boolean immutable;

    public Fields() {
        this(new ArrayList<>(), false);
    }

    private Fields(List<Map.Entry<String, byte[]>> entries, boolean immutable) {
        this.entries = entries;
        this.immutable = immutable;
    }

    /**
     * Fields received from the network (no name checks: whatever the peer sent), immutable. The
     * pairs are converted (names to lower case, values to bytes) when a guest first reads them: a
     * handler that never looks at the headers costs no copy of them. The list is kept, so it must not
     * change afterwards (strings copied out of the network's header object, not a live view of it).
     */
    public static Fields received(List<Map.Entry<String, String>> pairs) {
        return received(() -> pairs);
    }

    /**
     * {@link #received(List)} whose pairs are not even listed until a guest first reads them: {@code
     * pairs} is asked once, then (on the guest's thread), and must answer the headers as received.
     */
    public static Fields received(java.util.function.Supplier<List<Map.Entry<String, String>>> pairs) {
        Fields f = new Fields(null, true);
        f.arrived = pairs;
        return f;
    }

    /** The pairs, converted from {@link #arrived} on the first read. */
    private List<Map.Entry<String, byte[]>> list() {
        if (entries == null) {
            List<Map.Entry<String, String>> pairs = arrived.get();
            List<Map.Entry<String, byte[]>> list = new ArrayList<>(pairs.size());
            for (Map.Entry<String, String> p : pairs) {
                list.add(Map.entry(
                        p.getKey().toLowerCase(Locale.ROOT),
                        p.getValue().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
            }
            entries = list;
            arrived = null;
        }
        return entries;
    }

    /** A guest-built {@code from-list}: every pair checked. */
    static Fields fromList(List<?> pairs) throws HeaderException {
        Fields f = new Fields();
        for (Object p : pairs) {
            List<?> pair = (List<?>) p;
            f.append((String) pair.get(0), (byte[]) pair.get(1));
        }
        return f;
    }

    /** Attaches these fields to a request or response: from now on they cannot change. */
    synchronized Fields attach() {
        immutable = true;
        return this;
    }

    /** A handle-sized view of the same fields that cannot change them (what {@code headers()} returns). */
    synchronized Fields immutableView() {
        return new Fields(list(), true);
    }

    synchronized List<byte[]> get(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        List<byte[]> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : list()) {
            if (e.getKey().equals(n)) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    synchronized boolean has(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return list().stream().anyMatch(e -> e.getKey().equals(n));
    }

    synchronized void set(String name, List<?> values) throws HeaderException {
        String n = checkName(name);
        for (Object v : values) {
            checkValue(n, (byte[]) v);
        }
        entries.removeIf(e -> e.getKey().equals(n));
        for (Object v : values) {
            entries.add(Map.entry(n, (byte[]) v));
        }
    }

    synchronized void delete(String name) throws HeaderException {
        String n = checkName(name);
        entries.removeIf(e -> e.getKey().equals(n));
    }

    synchronized void append(String name, byte[] value) throws HeaderException {
        String n = checkName(name);
        checkValue(n, value);
        entries.add(Map.entry(n, value));
    }

    /** The pairs as WIT {@code list<tuple<field-name, field-value>>}. */
    synchronized List<Object> entries() {
        List<Object> out = new ArrayList<>(list().size());
        for (Map.Entry<String, byte[]> e : list()) {
            out.add(List.of(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The pairs as strings, for a Java HTTP client or server. */
    public synchronized List<Map.Entry<String, String>> pairs() {
        List<Map.Entry<String, String>> out = new ArrayList<>(list().size());
        for (Map.Entry<String, byte[]> e : list()) {
            out.add(Map.entry(e.getKey(), new String(e.getValue(), java.nio.charset.StandardCharsets.ISO_8859_1)));
        }
        return out;
    }

    /** A mutable copy ({@code clone}). */
    synchronized Fields copy() {
        return new Fields(new ArrayList<>(list()), false);
    }

    private String checkName(String name) throws HeaderException {
        if (immutable) {
            throw new HeaderException("immutable", "these fields belong to a request or response and cannot change");
        }
        if (!HttpValues.isToken(name)) {
            throw new HeaderException("invalid-syntax", "'" + name + "' is not a valid field name");
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (FORBIDDEN.contains(n)) {
            throw new HeaderException("forbidden", "the host manages the field '" + n + "'");
        }
        return n;
    }

    private static void checkValue(String name, byte[] value) throws HeaderException {
        for (byte b : value) {
            if (b == '\r' || b == '\n' || b == 0) {
                throw new HeaderException("invalid-syntax", "the value of '" + name + "' holds CR, LF or NUL");
            }
        }
    }
}
