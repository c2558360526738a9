package ai.wippy.value;

import ai.wippy.wit.WitType;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A WIT record's canonical value: a {@code Map} from field name to value, in field order, held as
 * one array beside the record type's field list. Lifting makes it without hashing; lowering and
 * typed proxies read a field by its position ({@link #at}) when the record type is the same, and
 * everyone else reads it as any map. It is a whole mutable map: replacing a field's value keeps the
 * array; adding a key or removing one moves the entries into an ordinary {@link LinkedHashMap} (field
 * order first), after which {@link #fields()} is {@code null}, so nothing reads it by position again.
 */
public final class FieldValues extends AbstractMap<String, Object> {

    private final List<WitType.Field> fields;
    private final Object[] values;
    /** Every entry, once a key was added or removed; {@code null} while the values are the record's fields. */
    private LinkedHashMap<String, Object> spilled;

    /** {@code values} in the order of {@code fields}; taken, not copied. */
    public FieldValues(List<WitType.Field> fields, Object[] values) {
        if (fields.size() != values.length) {
            throw new IllegalArgumentException(fields.size() + " fields but " + values.length + " values");
        }
        this.fields = fields;
        this.values = values;
    }

    /**
     * The record type's field list these values are for (compare by identity to read by position), or
     * {@code null} once a key was added or removed.
     */
    public List<WitType.Field> fields() {
        return spilled == null ? fields : null;
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

    /** Moves the entries into an ordinary map, for a change of keys. */
    private LinkedHashMap<String, Object> spill() {
        if (spilled == null) {
            LinkedHashMap<String, Object> all = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                all.put(fields.get(i).name(), values[i]);
            }
            spilled = all;
        }
        return spilled;
    }

    @Override
    public Object get(Object key) {
        if (spilled != null) {
            return spilled.get(key);
        }
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return spilled != null ? spilled.containsKey(key) : indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return spilled != null ? spilled.size() : values.length;
    }

    @Override
    public Object put(String key, Object value) {
        int i = spilled == null ? indexOf(key) : -1;
        if (i < 0) {
            return spill().put(key, value);
        }
        Object old = values[i];
        values[i] = value;
        return old;
    }

    @Override
    public Object remove(Object key) {
        return containsKey(key) ? spill().remove(key) : null;
    }

    @Override
    public void clear() {
        spill().clear();
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        if (spilled != null) {
            return spilled.entrySet();
        }
        return new AbstractSet<>() {
            @Override
            public int size() {
                return FieldValues.this.size();
            }

            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                if (spilled != null) {
                    return spilled.entrySet().iterator();
                }
                return new Iterator<>() {
                    private int next;
                    private int last = -1;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        last = next++;
                        return new FieldEntry(last);
                    }

                    @Override
                    public void remove() {
                        if (last < 0) {
                            throw new IllegalStateException("next() first");
                        }
                        spill().remove(fields.get(last).name());
                        last = -1;
                    }
                };
            }
        };
    }

    /** Field {@code i} as a map entry; setting its value sets the field (or the spilled entry). */
    private final class FieldEntry extends AbstractMap.SimpleEntry<String, Object> {
        private final int i;

        FieldEntry(int i) {
            super(fields.get(i).name(), values[i]);
            this.i = i;
        }

        @Override
        public Object setValue(Object value) {
            Object old = super.setValue(value);
            if (spilled == null) {
                values[i] = value;
            } else if (spilled.containsKey(getKey())) {
                spilled.put(getKey(), value);
            }
            return old;
        }
    }
}
