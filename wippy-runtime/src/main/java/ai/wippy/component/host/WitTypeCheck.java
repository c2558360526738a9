package ai.wippy.component.host;

import ai.wippy.value.JavaTypeMapper;
import ai.wippy.value.ResourceHandle;
import ai.wippy.wit.WitType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Optional;

/**
 * Link-time check of a Java method against the WIT signature a component declares for it: a
 * parameter or result whose Java type can never hold the WIT value (a {@code String} for a
 * {@code u64}, a {@code void} method for a function with a result) fails the link, naming the
 * function and parameter. Compound WIT types (records, variants...) are checked when values
 * arrive.
 */
final class WitTypeCheck {

    private WitTypeCheck() {}

    static void parameter(WitType wit, Type java, String where) {
        if (!fits(wit, JavaTypeMapper.rawClass(java))) {
            throw new IllegalArgumentException(
                    where + ": the WIT type is " + wit.describe() + ", the Java parameter is " + java.getTypeName());
        }
    }

    static void result(WitType wit, Type java, String where) {
        Class<?> raw = JavaTypeMapper.rawClass(java);
        if (wit == null) {
            return; // a value returned where the WIT has none is dropped
        }
        if (raw == void.class || raw == Void.class) {
            throw new IllegalArgumentException(
                    where + ": the WIT result is " + wit.describe() + ", the Java method returns void");
        }
        if (!fits(wit, raw)) {
            throw new IllegalArgumentException(where + ": the WIT result is " + wit.describe()
                    + ", the Java method returns " + java.getTypeName());
        }
    }

    private static boolean fits(WitType wit, Class<?> raw) {
        if (raw == Object.class || raw == ResourceHandle.class) {
            return true;
        }
        if (raw == Optional.class) {
            return wit instanceof WitType.OptionType;
        }
        if (wit instanceof WitType.OptionType o) {
            return !raw.isPrimitive() && fits(o.inner(), raw);
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
        if (wit instanceof WitType.ListType) {
            return raw.isArray() || Collection.class.isAssignableFrom(raw);
        }
        if (wit instanceof WitType.HandleType) {
            return !raw.isPrimitive() && raw != String.class && !Number.class.isAssignableFrom(raw);
        }
        return true;
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
