package ai.wippy.value;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Reads Java records, POJOs and maps as named fields; WIT kebab-case matches Java camelCase. */
final class JavaObjects {

    private JavaObjects() {}

    /** The fields of a map, record or bean, or {@code null} if the value has none. */
    static Map<String, Object> asFieldMap(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        Class<?> type = value.getClass();
        if (type.isRecord()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (RecordComponent rc : type.getRecordComponents()) {
                try {
                    Method accessor = rc.getAccessor();
                    accessor.setAccessible(true);
                    out.put(rc.getName(), accessor.invoke(value));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read record component " + rc.getName(), e);
                }
            }
            return out;
        }
        if (isBean(type)) {
            Map<String, Object> out = new LinkedHashMap<>();
            try {
                for (PropertyDescriptor pd :
                        Introspector.getBeanInfo(type, Object.class).getPropertyDescriptors()) {
                    if (pd.getReadMethod() != null) {
                        out.put(pd.getName(), pd.getReadMethod().invoke(value));
                    }
                }
            } catch (ReflectiveOperationException | java.beans.IntrospectionException e) {
                throw new IllegalStateException("cannot read properties of " + type.getName(), e);
            }
            return out;
        }
        return null;
    }

    static boolean isBean(Class<?> type) {
        if (type.isPrimitive() || type.isArray() || type.isEnum() || type.isInterface()) {
            return false;
        }
        String pkg = type.getPackageName();
        return !(pkg.startsWith("java.") || pkg.startsWith("javax.") || pkg.startsWith("jdk."));
    }

    static Object lookupField(Map<String, Object> source, String witName) {
        Object direct = source.get(witName);
        if (direct != null) {
            return direct;
        }
        for (Map.Entry<String, Object> e : source.entrySet()) {
            if (sameName(e.getKey(), witName)) {
                return e.getValue();
            }
        }
        return null;
    }

    static boolean hasField(Map<String, Object> source, String witName) {
        for (String key : source.keySet()) {
            if (sameName(key, witName)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code first-name}, {@code firstName} and {@code FIRST_NAME} are the same name: equal letters
     * but for case, {@code -} and {@code _} skipped. Compared in place (every record a host returns
     * is checked field by field with it).
     */
    static boolean sameName(String a, String b) {
        int i = 0;
        int j = 0;
        while (true) {
            i = skipSeparators(a, i);
            j = skipSeparators(b, j);
            if (i == a.length() || j == b.length()) {
                return i == a.length() && j == b.length();
            }
            if (Character.toLowerCase(a.charAt(i++)) != Character.toLowerCase(b.charAt(j++))) {
                return false;
            }
        }
    }

    private static int skipSeparators(String s, int i) {
        while (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '_')) {
            i++;
        }
        return i;
    }

    /** {@code firstName} or {@code FIRST_NAME} to {@code first-name}. */
    static String kebab(String javaName) {
        if (javaName.equals(javaName.toUpperCase(Locale.ROOT))) {
            return javaName.toLowerCase(Locale.ROOT).replace('_', '-');
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    sb.append('-');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c == '_' ? '-' : c);
            }
        }
        return sb.toString();
    }

    /** {@code first-name} to {@code firstName}. */
    static String camel(String witName) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (int i = 0; i < witName.length(); i++) {
            char c = witName.charAt(i);
            if (c == '-' || c == '_') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }
}
