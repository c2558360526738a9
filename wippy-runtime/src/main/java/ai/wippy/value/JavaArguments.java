package ai.wippy.value;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The Java arguments of a call through a {@link JavaBinding}, handed on as they are. The canonical
 * ABI reads them with {@link #java} and writes them straight into guest memory (checking each value
 * as it writes it); everyone else reads the list as canonical values: {@link #get} converts and checks
 * argument {@code i} on its first read (errors name the parameter) and keeps the result.
 */
public final class JavaArguments extends AbstractList<Object> implements RandomAccess {

    private static final Object UNSET = new Object();

    private final JavaBinding binding;
    private final List<Object> java;
    private Object[] canonical;

    JavaArguments(JavaBinding binding, List<Object> java) {
        this.binding = binding;
        this.java = java;
    }

    /** The binding the arguments were given to. */
    public JavaBinding binding() {
        return binding;
    }

    /** Argument {@code i} as the caller gave it. */
    public Object java(int i) {
        return java.get(i);
    }

    /** Argument {@code i} in canonical form, converted on the first read. */
    @Override
    public Object get(int i) {
        Object[] c = canonical;
        if (c == null) {
            c = new Object[java.size()];
            Arrays.fill(c, UNSET);
            canonical = c;
        }
        Object v = c[i];
        if (v == UNSET) {
            v = binding.canonical(i, java.get(i));
            c[i] = v;
        }
        return v;
    }

    @Override
    public int size() {
        return java.size();
    }
}
