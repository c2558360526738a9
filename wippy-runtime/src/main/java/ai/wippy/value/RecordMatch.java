package ai.wippy.value;

import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.RecordType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * A WIT record matched once to a Java record whose components are its fields, one to one in any
 * order ({@code tag-count} is {@code tagCount}): per WIT field, its record component and accessor, and
 * the canonical constructor taking {@code Object[]} in component order. Conversions that build or
 * read records without reflection per value ({@link JavaPlan}, the canonical ABI's Java layouts)
 * start from it.
 */
public final class RecordMatch {

    private final RecordComponent[] components;
    private final int[] componentIndex;
    private final MethodHandle[] accessors;
    private final MethodHandle constructor;

    private RecordMatch(
            RecordComponent[] components, int[] componentIndex, MethodHandle[] accessors, MethodHandle constructor) {
        this.components = components;
        this.componentIndex = componentIndex;
        this.accessors = accessors;
        this.constructor = constructor;
    }

    /** The match of {@code r} and {@code type}, or {@code null} when the fields and components do not pair up (or reflection is refused). */
    public static RecordMatch of(RecordType r, Class<?> type) {
        RecordComponent[] all = type.getRecordComponents();
        int n = r.fields().size();
        if (all == null || all.length != n) {
            return null;
        }
        try {
            Class<?>[] types = new Class<?>[n];
            for (int c = 0; c < n; c++) {
                types[c] = all[c].getType();
            }
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle constructor = lookup.unreflectConstructor(ctor)
                    .asSpreader(Object[].class, n)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            RecordComponent[] components = new RecordComponent[n];
            int[] index = new int[n];
            MethodHandle[] accessors = new MethodHandle[n];
            boolean[] taken = new boolean[n];
            for (int i = 0; i < n; i++) {
                WitType.Field f = r.fields().get(i);
                int match = -1;
                for (int c = 0; c < n && match < 0; c++) {
                    if (!taken[c] && JavaObjects.sameName(all[c].getName(), f.name())) {
                        match = c;
                    }
                }
                if (match < 0) {
                    return null;
                }
                taken[match] = true;
                components[i] = all[match];
                index[i] = match;
                Method accessor = all[match].getAccessor();
                accessor.setAccessible(true);
                accessors[i] = lookup.unreflect(accessor).asType(MethodType.methodType(Object.class, Object.class));
            }
            return new RecordMatch(components, index, accessors, constructor);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // not open to reflection: the general way reports it
        }
    }

    /** The record component of WIT field {@code i}. */
    public RecordComponent component(int i) {
        return components[i];
    }

    /** The position among the constructor's arguments of WIT field {@code i}. */
    public int componentIndex(int i) {
        return componentIndex[i];
    }

    /** The accessor of WIT field {@code i}, typed {@code (Object)Object}. */
    public MethodHandle accessor(int i) {
        return accessors[i];
    }

    /** The canonical constructor, typed {@code (Object[])Object}, arguments in component order. */
    public MethodHandle constructor() {
        return constructor;
    }
}
