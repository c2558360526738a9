package ai.wippy.value;

import ai.wippy.wit.WitType;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A WIT record's canonical value: a {@code Map} from field name to value, in field order, held as
 * one array beside the record type's field list. Lifting makes it without hashing; lowering and
 * typed proxies read a field by its position ({@link #at}) when the record type is the same, and
 * everyone else reads it as any map. A field's value may be replaced ({@link #put} of a field name);
 * fields cannot be added or removed.
 */
public final class FieldValues extends AbstractMap<String, Object> {

    private final List<WitType.Field> fields;
    private final Object[] values;

    /** {@code values} in the order of {@code fields}; taken, not copied. */
    public FieldValues(List<WitType.Field> fields, Object[] values) {
        if (fields.size() != values.length) {
            throw new IllegalArgumentException(fields.size() + " fields but " + values.length + " values");
        }
        this.fields = fields;
        this.values = values;
    }

    /** The record type's field list these values are for (compare by identity to read by position). */
    public List<WitType.Field> fields() {
        return fields;
    }

    /** The value of field {@code i}. */
    public Object at(int i) {
        return values[i];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < values.length; i++) {
            String name = fields.get(i).name();
            if (name == key || name.equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Object put(String key, Object value) {
        int i = indexOf(key);
        if (i < 0) {
            throw new UnsupportedOperationException("record has no field '" + key + "'");
        }
        Object old = values[i];
        values[i] = value;
        return old;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return values.length;
            }

            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(
                                fields.get(i).name(), values[i]);
                    }
                };
            }
        };
    }
}
