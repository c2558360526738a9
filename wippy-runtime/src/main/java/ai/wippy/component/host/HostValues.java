package ai.wippy.component.host;

import ai.wippy.value.JavaTypeMapper;
import ai.wippy.value.ResourceHandle;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wit.WitType;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How guest values become the Java arguments of a linked host method, and how its results become
 * guest values again, where resource handles are involved: chosen once per parameter at link time.
 *
 * <p>A handle names a host object in the instance's table; it is found by its index and checked by
 * the Java class the parameter declares, not by the resource's name, so a resource defined by one
 * interface and used by others ({@code wasi:io/streams.input-stream} in {@code wasi:http/types},
 * {@code error} used {@code as io-error}) resolves whatever name the component's types give it. A
 * borrow looks the object up, an own takes it out of the table; {@code list<borrow<R>>} arrives as
 * a {@code List<R>} or {@code R[]}, {@code option<borrow<R>>} as {@code R} (null for none) or
 * {@code Optional<R>}, a {@code result<own<R>, E>} as a {@code ResultValue} holding the object. In a result, a host object at an {@code own<R>} position (also inside an
 * option, result, list, tuple or variant) becomes a new owned handle.
 */
final class HostValues {

    private HostValues() {}

    /** How one guest argument becomes the Java parameter's value. */
    @FunctionalInterface
    interface Conversion {
        Object toJava(Object value, HostResources table) throws Exception;
    }

    /**
     * A WIT {@code u64} received as a Java {@code long} is its 64 bits (above {@code
     * Long.MAX_VALUE} it is negative: read it with {@link Long#toUnsignedString(long)}); a
     * primitive the guest sends in the Java parameter's own box passes as it is.
     */
    static Conversion parameter(WitType wit, Type java, String path) {
        Class<?> raw = JavaTypeMapper.rawClass(java);
        if (wit == WitType.Primitive.U64 && (java == long.class || java == Long.class)) {
            return (value, table) -> value instanceof Long ? value : ((Number) value).longValue();
        }
        if (wit instanceof WitType.Primitive p && java instanceof Class<?> c && WitTypeCheck.passesAsIs(p, c)) {
            Class<?> box = MethodType.methodType(c).wrap().returnType();
            return (value, table) -> box.isInstance(value) ? value : JavaTypeMapper.toJava(value, java, path);
        }
        if (wit instanceof WitType.ListType l && l.isBytes() && raw == byte[].class) {
            return (value, table) -> value instanceof byte[] ? value : JavaTypeMapper.toJava(value, java, path);
        }
        if (wit instanceof WitType.HandleType h) {
            return isHostObject(raw) ? handle(h, raw, path) : (value, table) -> value;
        }
        if (wit instanceof WitType.OptionType o && o.inner() instanceof WitType.HandleType h) {
            if (raw == Optional.class) {
                Class<?> inner = JavaTypeMapper.rawClass(JavaTypeMapper.typeArg(java, 0));
                Conversion each = isHostObject(inner) ? handle(h, inner, path) : (value, table) -> value;
                return (value, table) -> Optional.ofNullable(value == null ? null : each.toJava(value, table));
            }
            Conversion each = isHostObject(raw) ? handle(h, raw, path) : (value, table) -> value;
            return (value, table) -> value == null ? null : each.toJava(value, table);
        }
        if (wit instanceof WitType.ResultType r && raw == ResultValue.class && holdsHandles(r)) {
            // result<own<R>, E> as a ResultValue whose payload is the host object
            Conversion ok = r.ok() instanceof WitType.HandleType h ? handle(h, Object.class, path) : null;
            Conversion err = r.err() instanceof WitType.HandleType h ? handle(h, Object.class, path) : null;
            return (value, table) -> {
                ResultValue rv = (ResultValue) value;
                Conversion c = rv.ok() ? ok : err;
                return c == null || rv.value() == null ? rv : new ResultValue(rv.ok(), c.toJava(rv.value(), table));
            };
        }
        if (wit instanceof WitType.ListType l && l.element() instanceof WitType.HandleType h) {
            Class<?> element = JavaTypeMapper.rawClass(WitTypeCheck.elementType(java));
            Conversion each = isHostObject(element) ? handle(h, element, path) : (value, table) -> value;
            if (raw.isArray()) {
                return (value, table) -> {
                    List<?> handles = (List<?>) value;
                    Object out = Array.newInstance(element, handles.size());
                    for (int i = 0; i < handles.size(); i++) {
                        Array.set(out, i, each.toJava(handles.get(i), table));
                    }
                    return out;
                };
            }
            return (value, table) -> {
                List<?> handles = (List<?>) value;
                Object[] out = new Object[handles.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = each.toJava(handles.get(i), table);
                }
                return Arrays.asList(out);
            };
        }
        return (value, table) -> JavaTypeMapper.toJava(value, java, path);
    }

    /** A Java type that stands for the host object behind a handle (not the handle itself). */
    static boolean isHostObject(Class<?> raw) {
        return raw != Object.class && raw != ResourceHandle.class;
    }

    private static Conversion handle(WitType.HandleType h, Class<?> type, String path) {
        if (h.own()) {
            return (value, table) -> table(table, path).take(unnamed((ResourceHandle) value), type);
        }
        return (value, table) -> table(table, path).get(unnamed((ResourceHandle) value), type);
    }

    /** The handle without its resource name: the table then checks the index and the object's class. */
    static ResourceHandle unnamed(ResourceHandle h) {
        return h.resource() == null ? h : new ResourceHandle(null, h.handle(), h.own());
    }

    static HostResources table(HostResources table, String where) {
        if (table == null) {
            throw new IllegalStateException(where + " needs the instance's handle table: bind the interface first");
        }
        return table;
    }

    /** Whether a value of {@code t} can hold a handle (a result of it then needs {@link #lowerHosts}). */
    static boolean holdsHandles(WitType t) {
        return switch (t) {
            case null -> false;
            case WitType.HandleType h -> true;
            case WitType.OptionType o -> holdsHandles(o.inner());
            case WitType.ResultType r -> holdsHandles(r.ok()) || holdsHandles(r.err());
            case WitType.ListType l -> holdsHandles(l.element());
            case WitType.TupleType tt -> tt.elements().stream().anyMatch(HostValues::holdsHandles);
            case WitType.VariantType v -> v.cases().stream().anyMatch(c -> holdsHandles(c.type()));
            default -> false;
        };
    }

    /**
     * {@code value} with each host object at a handle position of {@code t} replaced by a new owned
     * handle in {@code table} (a {@link ResourceHandle} stays as it is); an {@code Optional} is
     * unwrapped, a plain value for a {@code result} is its ok value.
     */
    static Object lowerHosts(WitType t, Object value, HostResources table, String where) {
        if (value instanceof Optional<?> o) {
            value = o.orElse(null);
        }
        if (value == null || !holdsHandles(t)) {
            return value;
        }
        switch (t) {
            case WitType.HandleType h -> {
                return value instanceof ResourceHandle
                        ? value
                        : table(table, where).own(h.resource(), value);
            }
            case WitType.OptionType o -> {
                return lowerHosts(o.inner(), value, table, where);
            }
            case WitType.ResultType r -> {
                if (value instanceof ResultValue rv) {
                    WitType payload = rv.ok() ? r.ok() : r.err();
                    return holdsHandles(payload)
                            ? new ResultValue(rv.ok(), lowerHosts(payload, rv.value(), table, where))
                            : rv;
                }
                return ResultValue.ok(lowerHosts(r.ok(), value, table, where));
            }
            case WitType.ListType l -> {
                List<Object> out = new ArrayList<>();
                if (value.getClass().isArray()) {
                    for (int i = 0; i < Array.getLength(value); i++) {
                        out.add(lowerHosts(l.element(), Array.get(value, i), table, where));
                    }
                } else {
                    for (Object e : (Iterable<?>) value) {
                        out.add(lowerHosts(l.element(), e, table, where));
                    }
                }
                return out;
            }
            case WitType.TupleType tt -> {
                List<?> in = (List<?>) value;
                List<Object> out = new ArrayList<>(in.size());
                for (int i = 0; i < in.size(); i++) {
                    out.add(lowerHosts(tt.elements().get(i), in.get(i), table, where));
                }
                return out;
            }
            case WitType.VariantType v -> {
                if (value instanceof VariantValue vv) {
                    for (WitType.Case c : v.cases()) {
                        if (c.name().equals(vv.caseName()) && holdsHandles(c.type())) {
                            return new VariantValue(vv.caseName(), lowerHosts(c.type(), vv.payload(), table, where));
                        }
                    }
                }
                return value;
            }
            default -> {
                return value;
            }
        }
    }
}
