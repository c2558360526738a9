package ai.wippy.spi;

import ai.wippy.call.CallContext;
import ai.wippy.pool.PoolConfig;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.wit.FunctionSignature;
import java.util.List;

/**
 * A registry function implemented in Java: keeps no instances, runs its body on the calling thread.
 * Handlers of Java-backed kinds (and tests) use it; calls still go through the runtime's checks.
 */
public final class JavaFunction extends PooledFunction<Void> {

    /** The body of a Java function: canonical arguments in, canonical result out. */
    @FunctionalInterface
    public interface Body {
        Object apply(CallContext ctx, List<Object> args) throws Exception;
    }

    private final Body body;

    public JavaFunction(RegistryEntry entry, FunctionSignature signature, PoolConfig poolConfig, Body body) {
        super(entry, signature, poolConfig, null, null);
        this.body = body;
    }

    /** Never reached: {@link #invoke} runs the body directly, without pooled instances. */
    @Override
    protected Object call(Void instance, List<Object> args) {
        throw new IllegalStateException("a Java function is invoked directly and has no pooled instances");
    }

    @Override
    public Object invoke(CallContext ctx, List<Object> args) throws Exception {
        return body.apply(ctx, args);
    }
}
