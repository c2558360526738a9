package ai.wippy.component.host;

import ai.wippy.value.JavaTypeMapper;
import ai.wippy.value.ResourceHandle;
import ai.wippy.value.ResultValue;
import ai.wippy.wit.WitType;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Link-time check of a Java method against the WIT signature a component declares for it: a
 * parameter or result whose Java type can never hold the WIT value (a {@code String} for a
 * {@code u64}, a {@code void} method for a function with a result, an {@code OutputResource} for a
 * {@code borrow<input-stream>}) fails the link, naming the function, the parameter and the WIT
 * type. A handle is checked against the class serving its resource where the interface knows it
 * ({@link WitInterface#resources()} and {@link WitInterface#uses()}), also inside {@code list} and
 * {@code option}. Other compound WIT types (records, variants...) are checked when values arrive.
 */
final class WitTypeCheck {

    /** The Java classes serving resources, by WIT name. */
    private final Map<String, Class<?>> resources;

    WitTypeCheck(Map<String, Class<?>> resources) {
        this.resources = resources;
    }

    void parameter(WitType wit, Type java, String where) {
        if (!fits(wit, java)) {
            throw new IllegalArgumentException(where + ": the WIT type is " + wit.describe()
                    + ", the Java parameter is " + java.getTypeName() + served(wit));
        }
    }

    void result(WitType wit, Type java, String where) {
        Class<?> raw = JavaTypeMapper.rawClass(java);
        if (wit == null) {
            return; // a value returned where the WIT has none is dropped
        }
        boolean nothing = raw == void.class || raw == Void.class;
        if (nothing && wit instanceof WitType.ResultType r && r.ok() == null) {
            return; // result<_, E>: returning is ok, a WitError is err
        }
        if (nothing) {
            throw new IllegalArgumentException(
                    where + ": the WIT result is " + wit.describe() + ", the Java method returns void");
        }
        boolean fits =
                wit instanceof WitType.ResultType r && raw != ResultValue.class && raw != Object.class && r.ok() != null
                        ? fits(r.ok(), java) // the method returns the ok value
                        : fits(wit, java);
        if (!fits) {
            throw new IllegalArgumentException(where + ": the WIT result is " + wit.describe()
                    + ", the Java method returns " + java.getTypeName() + served(wit));
        }
    }

    /** Names the class serving the resource of a handle type, for messages. */
    private String served(WitType wit) {
        WitType t = wit;
        while (true) {
            switch (t) {
                case WitType.OptionType o -> t = o.inner();
                case WitType.ListType l -> t = l.element();
                case WitType.ResultType r when r.ok() != null -> t = r.ok();
                default -> {
                    if (t instanceof WitType.HandleType h && resources.get(h.resource()) instanceof Class<?> c) {
                        return " (" + h.resource() + " is served by " + c.getName() + ")";
                    }
                    return "";
                }
            }
        }
    }

    private boolean fits(WitType wit, Type java) {
        Class<?> raw = JavaTypeMapper.rawClass(java);
        if (raw == Object.class || raw == ResourceHandle.class) {
            return true;
        }
        if (raw == Optional.class) {
            return wit instanceof WitType.OptionType o && fits(o.inner(), JavaTypeMapper.typeArg(java, 0));
        }
        if (wit instanceof WitType.OptionType o) {
            return !raw.isPrimitive() && fits(o.inner(), java);
        }
        if (wit instanceof WitType.Primitive p) {
            return switch (p) {
                case BOOL -> raw == boolean.class || raw == Boolean.class;
                case STRING -> raw == String.class || raw == CharSequence.class || raw.isEnum();
                case CHAR -> raw == char.class || raw == Character.class || raw == String.class || integral(raw);
                case F32, F64 -> raw == float.class || raw == double.class || Number.class.isAssignableFrom(raw);
                default -> integral(raw);
            };
        }
        if (wit instanceof WitType.ListType l) {
            if (!raw.isArray() && !Collection.class.isAssignableFrom(raw)) {
                return false;
            }
            return !(l.element() instanceof WitType.HandleType) || fits(l.element(), elementType(java));
        }
        if (wit instanceof WitType.HandleType h) {
            if (raw.isPrimitive() || raw == String.class || Number.class.isAssignableFrom(raw)) {
                return false;
            }
            Class<?> serving = resources.get(h.resource());
            if (serving != null) {
                // the object in the table is a `serving`: the Java type must be able to hold one
                return raw.isAssignableFrom(serving) || serving.isAssignableFrom(raw);
            }
            return true; // a resource the interface does not name (`use r as alias`): checked by class per call
        }
        return true;
    }

    /** The element type of a {@code List<E>}, {@code E[]} or other collection ({@code Object} if unknown). */
    static Type elementType(Type java) {
        if (java instanceof Class<?> c && c.isArray()) {
            return c.getComponentType();
        }
        if (java instanceof GenericArrayType g) {
            return g.getGenericComponentType();
        }
        return JavaTypeMapper.typeArg(java, 0);
    }

    private static boolean integral(Class<?> raw) {
        return raw == byte.class
                || raw == short.class
                || raw == int.class
                || raw == long.class
                || Number.class.isAssignableFrom(raw)
                || raw == BigInteger.class;
    }

    /**
     * Whether a Java value of {@code java} is already the canonical form of {@code wit} (the guest
     * sends it that way and it is lowered as it is): bool, s32, s64, u64 (its 64 bits), f64, string.
     */
    static boolean passesAsIs(WitType.Primitive wit, Class<?> java) {
        return switch (wit) {
            case BOOL -> java == boolean.class || java == Boolean.class;
            case S32 -> java == int.class || java == Integer.class;
            case S64, U64 -> java == long.class || java == Long.class;
            case F64 -> java == double.class || java == Double.class;
            case STRING -> java == String.class;
            default -> false;
        };
    }
}
