package ai.wippy.actor;

import java.nio.charset.StandardCharsets;

/** One payload of a message: {@code bytes}, {@code text} or {@code json} (a JSON document as text). */
public sealed interface Payload {

    /** The bytes it counts against the mailbox budgets. */
    long size();

    /** The value for Lua and Java callers: a byte[] or a String (JSON stays text). */
    Object value();

    record Bytes(byte[] data) implements Payload {
        public long size() {
            return data.length;
        }

        public Object value() {
            return data;
        }
    }

    record Text(String text) implements Payload {
        public long size() {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }

        public Object value() {
            return text;
        }
    }

    record Json(String json) implements Payload {
        public long size() {
            return json.getBytes(StandardCharsets.UTF_8).length;
        }

        public Object value() {
            return json;
        }
    }

    static Payload text(String s) {
        return new Text(s);
    }

    static Payload json(String s) {
        return new Json(s);
    }

    static Payload bytes(byte[] b) {
        return new Bytes(b);
    }
}
