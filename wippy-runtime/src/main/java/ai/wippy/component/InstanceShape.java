package ai.wippy.component;

import ai.wippy.wit.FunctionSignature;
import java.util.Map;

/**
 * The exports an instance type declares: functions with their signatures, types, nested instance
 * shapes. Used to link an imported instance to a host interface.
 */
record InstanceShape(Map<String, Object> exports) {

    Map<String, FunctionSignature> functions() {
        Map<String, FunctionSignature> out = new java.util.LinkedHashMap<>();
        exports.forEach((k, v) -> {
            if (v instanceof FunctionSignature f) {
                out.put(k, f);
            }
        });
        return out;
    }
}
