package ai.wippy.lua;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Lua prototype and its nested ones, each compiled once (when its entry or library loads) to a
 * class of its own, or left to LuaJ's interpreter when it does not compile. {@link #closure} makes
 * a call's closure of it: a {@link LuaCompiledClosure} or a plain {@link LuaClosure}.
 *
 * <p>The classes are hidden classes (not strongly tied to the loader that defines them): each lives
 * as long as its {@code LuaCompiled}, which the entry's script or library holds, so a registry
 * update that drops the entry lets them unload with it.
 *
 * <p>The tier is the system property {@value #TIER}: {@code compiled} (the default: compiled where
 * the generator takes the prototype, interpreted where it does not), {@code interpreted}, or
 * {@code strict} (compiled, and a prototype that does not compile fails the load; for tests).
 */
final class LuaCompiled {

    static final String TIER = "wippy.lua.tier";

    enum Tier {
        INTERPRETED,
        COMPILED,
        STRICT;

        static Tier configured() {
            String v = System.getProperty(TIER, "compiled").trim().toUpperCase(Locale.ROOT);
            try {
                return valueOf(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                        "system property " + TIER + " is '" + System.getProperty(TIER)
                                + "'; expected compiled, interpreted or strict",
                        e);
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(LuaCompiled.class);
    private static final MethodType CTOR =
            MethodType.methodType(void.class, Prototype.class, LuaValue.class, LuaCompiled.class);

    private final Prototype prototype;
    private final LuaCompiled[] children;
    /** The compiled class's constructor, or {@code null}: interpreted. */
    private final MethodHandle factory;
    /** Per pc, the instructions of its basic block after it (see {@link LuaCodegen.Output}). */
    private final int[] rest;
    /** Why it is interpreted ({@code null} when compiled). */
    private final String interpreted;

    private LuaCompiled(Prototype prototype, Tier tier) {
        this.prototype = prototype;
        MethodHandle f = null;
        int[] r = null;
        String why = "the interpreted tier (" + TIER + ")";
        if (tier != Tier.INTERPRETED) {
            try {
                LuaCodegen.Output out = LuaCodegen.generate(prototype);
                MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(out.bytes(), true);
                f = hidden.findConstructor(hidden.lookupClass(), CTOR)
                        .asType(MethodType.methodType(
                                LuaClosure.class, Prototype.class, LuaValue.class, LuaCompiled.class));
                r = out.rest();
                why = null;
            } catch (LuaCodegen.Unsupported | ReflectiveOperationException | LinkageError e) {
                why = e.getMessage();
                if (tier == Tier.STRICT) {
                    throw new IllegalStateException(
                            "Lua function " + describe(prototype) + " does not compile: " + why, e);
                }
                LOG.debug("Lua function {} runs interpreted: {}", describe(prototype), why);
            }
        }
        this.factory = f;
        this.rest = r;
        // an interpreted prototype makes its closures with LuaJ's own CLOSURE: its nested ones run interpreted
        this.children = new LuaCompiled[prototype.p.length];
        for (int i = 0; i < children.length; i++) {
            children[i] = new LuaCompiled(prototype.p[i], f == null ? Tier.INTERPRETED : tier);
        }
        this.interpreted = why;
    }

    /** {@code p} and its nested prototypes in the configured tier. */
    static LuaCompiled of(Prototype p) {
        return new LuaCompiled(p, Tier.configured());
    }

    static LuaCompiled of(Prototype p, Tier tier) {
        return new LuaCompiled(p, tier);
    }

    Prototype prototype() {
        return prototype;
    }

    /** A new closure of this prototype with environment {@code env} (a call's globals). */
    LuaClosure closure(LuaValue env) {
        if (factory == null) {
            return new LuaClosure(prototype, env);
        }
        try {
            return (LuaClosure) factory.invokeExact(prototype, env, this);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many instructions of {@code pc}'s basic block follow it (counted, not run, when it fails). */
    int rest(int pc) {
        return pc >= 0 && pc < rest.length ? rest[pc] : 0;
    }

    LuaCompiled child(int i) {
        return children[i];
    }

    /** Why this prototype runs interpreted, or {@code null} when it runs compiled. */
    String interpreted() {
        return interpreted;
    }

    private static String describe(Prototype p) {
        return p.shortsource() + ":" + p.linedefined;
    }
}
