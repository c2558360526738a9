package ai.wippy.component;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.Export;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A core instance as the component sees it: named exports (core funcs as {@link CoreFunc}, memories,
 * tables and globals as Chicory objects). Either a real module instance or a bag of inline exports.
 */
final class CoreInstanceValue {

    private final Map<String, Object> exports;

    private CoreInstanceValue(Map<String, Object> exports) {
        this.exports = exports;
    }

    static CoreInstanceValue inline(Map<String, Object> exports) {
        return new CoreInstanceValue(exports);
    }

    static CoreInstanceValue of(Instance instance) {
        Map<String, Object> exports = new LinkedHashMap<>();
        var section = instance.module().exportSection();
        for (int i = 0; i < section.exportCount(); i++) {
            Export e = section.getExport(i);
            int index = (int) e.index();
            Object value = switch (e.exportType()) {
                case FUNCTION -> exported(instance, e.name());
                case MEMORY -> instance.memory(index);
                case TABLE -> instance.table(index);
                case GLOBAL -> instance.global(index);
                default -> null;
            };
            if (value != null) {
                exports.put(e.name(), value);
            }
        }
        return new CoreInstanceValue(exports);
    }

    private static CoreFunc exported(Instance instance, String name) {
        ExportFunction fn = instance.export(name);
        return CoreFunc.of(instance.exportType(name), fn::apply);
    }

    Object export(String name) {
        return exports.get(name);
    }

    Map<String, Object> exports() {
        return exports;
    }
}
