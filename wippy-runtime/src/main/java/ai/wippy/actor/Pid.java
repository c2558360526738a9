package ai.wippy.actor;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;

/**
 * A process identifier that names its node: {@code {node|0x0000002a}}. A PID is never reused on a
 * node while the node runs; a message's sender PID is set by the runtime, never by the guest. A
 * value class rather than a record because it keeps its text, made once: every message carries its
 * sender's and names its target's (the permission check, the guest's {@code from}).
 */
public final class Pid {

    private final String node;
    private final long seq;
    private final String text;

    public Pid(String node, long seq) {
        this(node, seq, null);
    }

    /** With {@code text} its canonical text already (parsed), else null to make it. */
    private Pid(String node, long seq, String text) {
        if (node == null
                || node.isEmpty()
                || node.indexOf('|') >= 0
                || node.indexOf('{') >= 0
                || node.indexOf('}') >= 0) {
            throw new IllegalArgumentException("a node name is non-empty and has no '|', '{' or '}': " + node);
        }
        this.node = node;
        this.seq = seq;
        this.text = text != null ? text : text(node, seq);
    }

    public String node() {
        return node;
    }

    public long seq() {
        return seq;
    }

    /** Parses {@code {node|0x...}}; INVALID for anything else. */
    public static Pid parse(String text) {
        if (text != null && text.length() > 4 && text.charAt(0) == '{' && text.endsWith("}")) {
            int bar = text.lastIndexOf('|');
            if (bar > 1 && text.startsWith("0x", bar + 1)) {
                try {
                    String hex = text.substring(bar + 3, text.length() - 1);
                    long seq = Long.parseUnsignedLong(hex, 16);
                    // the text is kept when it is the one toString makes (lower case, no extra zeros)
                    boolean canonical = hex.length() >= 8
                            && (hex.length() == 8 || hex.charAt(0) != '0')
                            && hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
                    return new Pid(text.substring(1, bar), seq, canonical ? text : null);
                } catch (IllegalArgumentException e) {
                    // falls through to the error below
                }
            }
        }
        throw new WippyException(ErrorKind.INVALID, null, "'" + text + "' is not a PID ({node|0x...})");
    }

    /** {@code {node|0x0000002a}}: the sequence number in at least eight hex digits. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pid p && p.seq == seq && p.node.equals(node);
    }

    @Override
    public int hashCode() {
        return 31 * node.hashCode() + Long.hashCode(seq);
    }

    private static String text(String node, long seq) {
        String hex = Long.toHexString(seq);
        StringBuilder b = new StringBuilder(node.length() + 13 + hex.length())
                .append('{')
                .append(node)
                .append("|0x");
        for (int i = hex.length(); i < 8; i++) {
            b.append('0');
        }
        return b.append(hex).append('}').toString();
    }
}
