package ai.wippy.wasi.p2.sockets;

import ai.wippy.value.VariantValue;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between the canonical values of {@code ip-address}, {@code ip-socket-address} and
 * {@code ip-address-family} and Java's {@link InetAddress} / {@link InetSocketAddress}. Malformed
 * values (a component built against a different WIT) are host-side errors and trap.
 */
final class IpAddresses {

    private IpAddresses() {}

    /** The {@code ip-address-family} enum case. */
    static String familyName(StandardProtocolFamily family) {
        return family == StandardProtocolFamily.INET ? "ipv4" : "ipv6";
    }

    static StandardProtocolFamily family(Object witEnum) {
        return switch (String.valueOf(witEnum)) {
            case "ipv4" -> StandardProtocolFamily.INET;
            case "ipv6" -> StandardProtocolFamily.INET6;
            default -> throw new IllegalArgumentException("ip-address-family: unknown case " + witEnum);
        };
    }

    static StandardProtocolFamily familyOf(InetAddress address) {
        return address instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    /** The family of an {@code ip-socket-address} value, by its case (an IPv4-mapped IPv6 address stays IPv6). */
    static StandardProtocolFamily familyOfValue(Object value) {
        return family(((VariantValue) value).caseName());
    }

    /** An {@code ip-socket-address} variant value as a Java socket address. */
    static InetSocketAddress socketAddress(Object value) {
        if (!(value instanceof VariantValue v) || !(v.payload() instanceof Map<?, ?> record)) {
            throw new IllegalArgumentException("ip-socket-address: expected a variant with a record, got " + value);
        }
        int port = ((Number) record.get("port")).intValue();
        List<?> parts = (List<?>) record.get("address");
        try {
            return switch (v.caseName()) {
                case "ipv4" -> new InetSocketAddress(InetAddress.getByAddress(ipv4Bytes(parts)), port);
                case "ipv6" -> {
                    long scope = record.get("scope-id") == null ? 0 : ((Number) record.get("scope-id")).longValue();
                    byte[] bytes = ipv6Bytes(parts);
                    InetAddress a = scope == 0
                            ? InetAddress.getByAddress(bytes)
                            : Inet6Address.getByAddress(null, bytes, (int) scope);
                    yield new InetSocketAddress(a, port);
                }
                default -> throw new IllegalArgumentException("ip-socket-address: unknown case " + v.caseName());
            };
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("ip-socket-address: " + e.getMessage(), e);
        }
    }

    /** A Java socket address as an {@code ip-socket-address} variant value. */
    static VariantValue socketAddressValue(InetSocketAddress address) {
        InetAddress a = address.getAddress();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("port", address.getPort());
        if (a instanceof Inet4Address) {
            record.put("address", ipv4Parts(a.getAddress()));
            return new VariantValue("ipv4", record);
        }
        record.put("flow-info", 0L);
        record.put("address", ipv6Parts(a.getAddress()));
        int scope = a instanceof Inet6Address six ? six.getScopeId() : 0;
        record.put("scope-id", (long) scope);
        return new VariantValue("ipv6", record);
    }

    /** A Java address as an {@code ip-address} variant value. */
    static VariantValue addressValue(InetAddress a) {
        return a instanceof Inet4Address
                ? new VariantValue("ipv4", ipv4Parts(a.getAddress()))
                : new VariantValue("ipv6", ipv6Parts(a.getAddress()));
    }

    private static byte[] ipv4Bytes(List<?> parts) {
        if (parts == null || parts.size() != 4) {
            throw new IllegalArgumentException("ipv4-address: expected 4 parts, got " + parts);
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) ((Number) parts.get(i)).intValue();
        }
        return out;
    }

    private static byte[] ipv6Bytes(List<?> parts) {
        if (parts == null || parts.size() != 8) {
            throw new IllegalArgumentException("ipv6-address: expected 8 parts, got " + parts);
        }
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            int v = ((Number) parts.get(i)).intValue();
            out[2 * i] = (byte) (v >>> 8);
            out[2 * i + 1] = (byte) v;
        }
        return out;
    }

    private static List<Integer> ipv4Parts(byte[] b) {
        return List.of(b[0] & 0xff, b[1] & 0xff, b[2] & 0xff, b[3] & 0xff);
    }

    private static List<Integer> ipv6Parts(byte[] b) {
        if (b.length == 4) {
            // an IPv4 address on an IPv6 socket: report it IPv4-mapped (::ffff:a.b.c.d)
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(b, 0, mapped, 12, 4);
            b = mapped;
        }
        List<Integer> out = new ArrayList<>(8);
        for (int i = 0; i < 8; i++) {
            out.add(((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff));
        }
        return out;
    }
}
