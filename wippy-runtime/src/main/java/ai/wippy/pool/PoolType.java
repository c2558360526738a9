package ai.wippy.pool;

import java.util.Locale;

/** The pool types of an entry's {@code pool.type}. */
public enum PoolType {
    INLINE,
    LAZY,
    STATIC,
    ADAPTIVE;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
