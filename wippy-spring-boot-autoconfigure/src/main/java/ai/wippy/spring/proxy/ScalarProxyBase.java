package ai.wippy.spring.proxy;

import ai.wippy.runtime.ScalarFunction;

/**
 * What a generated proxy class ({@link ScalarProxies}) inherits: the function's scalar entries its
 * scalar methods call, the JDK proxy its other methods forward to, and {@code Object}'s methods as
 * a JDK proxy answers them (its description, identity for equality and hash).
 */
public abstract class ScalarProxyBase {

    /** The scalar entries of the generated methods, one per method (each with its own fallback), by index. */
    protected final ScalarFunction[] scalars;
    /** The JDK proxy of the same interface, for the methods the generated class does not implement itself. */
    protected final Object delegate;

    private final String description;

    protected ScalarProxyBase(ScalarFunction[] scalars, Object delegate, String description) {
        this.scalars = scalars;
        this.delegate = delegate;
        this.description = description;
    }

    @Override
    public final String toString() {
        return description;
    }

    @Override
    public final boolean equals(Object other) {
        return this == other;
    }

    @Override
    public final int hashCode() {
        return System.identityHashCode(this);
    }
}
