package ai.wippy.call;

import java.util.Map;

/** Who is calling: an ID and free-form metadata (for example roles), visible to policies as {@code actor.*}. */
public record Actor(String id, Map<String, Object> meta) {

    public Actor {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("actor id must not be blank");
        }
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }

    public static Actor of(String id) {
        return new Actor(id, Map.of());
    }
}
