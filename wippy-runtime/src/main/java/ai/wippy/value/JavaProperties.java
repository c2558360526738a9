package ai.wippy.value;

import java.beans.Introspector;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The named properties of a Java record or POJO, found once per class: how each is read, how an
 * instance is made from them. The rules are the ones Spring users know from Jackson:
 *
 * <ul>
 *   <li>a record: its components, read by their accessors, given to its canonical constructor;
 *   <li>a POJO (a concrete class outside {@code java.*}): read by public getters ({@code getName()},
 *       {@code isActive()} for a boolean) or public fields; made by its public no-argument constructor
 *       and then its public setters or public non-final fields, or else by its single public
 *       constructor whose parameter names are compiled in ({@code javac -parameters}, which Spring
 *       Boot's build plugins set), each parameter a property of its name, the other properties by
 *       setters.
 * </ul>
 *
 * {@link RecordMatch} pairs them with the fields of a WIT record ({@code tag-count} is {@code tagCount}).
 */
final class JavaProperties {

    /** One property: its Java name and type, how it is read and written (null handles when it cannot be). */
    record Property(String name, Type type, MethodHandle getter, MethodHandle setter, int parameter) {

        boolean readable() {
            return getter != null;
        }

        boolean writable() {
            return setter != null || parameter >= 0;
        }
    }

    private static final Object[] NONE = new Object[0];

    private static final ClassValue<JavaProperties> CACHE = new ClassValue<>() {
        @Override
        protected JavaProperties computeValue(Class<?> type) {
            return type.isRecord() ? ofRecord(type) : ofPojo(type);
        }
    };

    final Class<?> type;
    final List<Property> properties;
    /** The constructor, typed {@code (Object[])Object}: its arguments in parameter order; null when instances cannot be made. */
    private final MethodHandle constructor;

    private final int arity;
    /** Why instances cannot be made, or null. */
    final String unbuildable;

    private JavaProperties(
            Class<?> type, List<Property> properties, MethodHandle constructor, int arity, String unbuildable) {
        this.type = type;
        this.properties = List.copyOf(properties);
        this.constructor = constructor;
        this.arity = arity;
        this.unbuildable = unbuildable;
    }

    /** The properties of {@code type} (a record or a POJO: {@link JavaObjects#isBean}). */
    static JavaProperties of(Class<?> type) {
        return CACHE.get(type);
    }

    /** The property named {@code name} (in WIT or Java spelling), or null. */
    Property find(String name) {
        for (Property p : properties) {
            if (JavaObjects.sameName(p.name(), name)) {
                return p;
            }
        }
        return null;
    }

    /** The number of constructor arguments at the start of {@link #build}'s array. */
    int arity() {
        return arity;
    }

    /**
     * A new instance: {@code args} holds the constructor's arguments first (in parameter order), then
     * one value per entry of {@code setters} (a property with a setter, or null to skip its value).
     */
    Object build(Object[] args, Property[] setters) throws Throwable {
        Object o = (Object)
                constructor.invokeExact(args.length == arity ? args : arity == 0 ? NONE : Arrays.copyOf(args, arity));
        for (int i = 0; i < setters.length; i++) {
            if (setters[i] != null) {
                setters[i].setter().invokeExact(o, args[arity + i]);
            }
        }
        return o;
    }

    /** Property {@code p} of {@code o}. */
    static Object read(Property p, Object o) {
        try {
            return (Object) p.getter().invokeExact(o);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("reading " + p.name() + " failed", e);
        }
    }

    private static JavaProperties ofRecord(Class<?> type) {
        RecordComponent[] all = type.getRecordComponents();
        List<Property> properties = new ArrayList<>(all.length);
        try {
            Class<?>[] types = new Class<?>[all.length];
            for (int c = 0; c < all.length; c++) {
                types[c] = all[c].getType();
                Method accessor = all[c].getAccessor();
                accessor.setAccessible(true);
                properties.add(new Property(all[c].getName(), all[c].getGenericType(), getter(accessor), null, c));
            }
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return new JavaProperties(type, properties, spread(ctor), all.length, null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new JavaProperties(
                    type, properties, null, 0, type.getSimpleName() + " is not open to reflection: " + e);
        }
    }

    private static JavaProperties ofPojo(Class<?> type) {
        List<Property> properties = new ArrayList<>();
        try {
            for (Method m : type.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
                    continue;
                }
                String n = m.getName();
                boolean getter = m.getParameterCount() == 0
                        && m.getReturnType() != void.class
                        && (n.startsWith("get") && n.length() > 3
                                || n.startsWith("is")
                                        && n.length() > 2
                                        && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class));
                boolean setter = m.getParameterCount() == 1 && n.startsWith("set") && n.length() > 3;
                if (getter || setter) {
                    m.setAccessible(true);
                    String name = Introspector.decapitalize(n.substring(n.startsWith("is") ? 2 : 3));
                    merge(
                            properties,
                            name,
                            getter ? m.getGenericReturnType() : m.getGenericParameterTypes()[0],
                            getter ? getter(m) : null,
                            setter ? setter(m) : null);
                }
            }
            for (Field f : type.getFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    MethodHandle get = MethodHandles.lookup()
                            .unreflectGetter(f)
                            .asType(MethodType.methodType(Object.class, Object.class));
                    MethodHandle set = Modifier.isFinal(f.getModifiers())
                            ? null
                            : MethodHandles.lookup()
                                    .unreflectSetter(f)
                                    .asType(MethodType.methodType(void.class, Object.class, Object.class));
                    merge(properties, f.getName(), f.getGenericType(), get, set);
                }
            }
            Constructor<?>[] ctors = type.getConstructors();
            for (Constructor<?> c : ctors) {
                if (c.getParameterCount() == 0) {
                    c.setAccessible(true);
                    return new JavaProperties(type, properties, spread(c), 0, null);
                }
            }
            if (ctors.length != 1 || Modifier.isAbstract(type.getModifiers())) {
                return new JavaProperties(type, properties, null, 0, unbuildable(type, ctors.length));
            }
            Parameter[] params = ctors[0].getParameters();
            for (int i = 0; i < params.length; i++) {
                if (!params[i].isNamePresent()) {
                    return new JavaProperties(
                            type,
                            properties,
                            null,
                            0,
                            type.getSimpleName() + "'s constructor was compiled without its parameter names"
                                    + " (javac -parameters)");
                }
                Property known = null;
                for (Property p : properties) {
                    known = p.name().equals(params[i].getName()) ? p : known;
                }
                if (known != null) {
                    properties.set(
                            properties.indexOf(known),
                            new Property(known.name(), known.type(), known.getter(), null, i));
                } else {
                    properties.add(new Property(params[i].getName(), params[i].getParameterizedType(), null, null, i));
                }
            }
            ctors[0].setAccessible(true);
            return new JavaProperties(type, properties, spread(ctors[0]), params.length, null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new JavaProperties(
                    type, properties, null, 0, type.getSimpleName() + " is not open to reflection: " + e);
        }
    }

    private static String unbuildable(Class<?> type, int publicConstructors) {
        return type.getSimpleName()
                + (Modifier.isAbstract(type.getModifiers())
                        ? " is abstract"
                        : " has " + publicConstructors + " public constructors")
                + ": it needs a public no-argument constructor (and setters), or a single public constructor";
    }

    /** Adds the getter or setter of {@code name}, merged with what is known of it (a getter's type wins). */
    private static void merge(
            List<Property> properties, String name, Type type, MethodHandle getter, MethodHandle setter) {
        for (int i = 0; i < properties.size(); i++) {
            Property p = properties.get(i);
            if (p.name().equals(name)) {
                properties.set(
                        i,
                        new Property(
                                name,
                                getter != null ? type : p.type(),
                                p.getter() != null ? p.getter() : getter,
                                p.setter() != null ? p.setter() : setter,
                                -1));
                return;
            }
        }
        properties.add(new Property(name, type, getter, setter, -1));
    }

    private static MethodHandle getter(Method m) throws IllegalAccessException {
        return MethodHandles.lookup().unreflect(m).asType(MethodType.methodType(Object.class, Object.class));
    }

    private static MethodHandle setter(Method m) throws IllegalAccessException {
        return MethodHandles.lookup()
                .unreflect(m)
                .asType(MethodType.methodType(void.class, Object.class, Object.class));
    }

    private static MethodHandle spread(Constructor<?> c) throws IllegalAccessException {
        return MethodHandles.lookup()
                .unreflectConstructor(c)
                .asSpreader(Object[].class, c.getParameterCount())
                .asType(MethodType.methodType(Object.class, Object[].class));
    }
}
