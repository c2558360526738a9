package ai.wippy.component;

import java.util.ArrayList;
import java.util.List;

/**
 * The index spaces of one component being instantiated (or of one component/instance type being
 * resolved). {@code parent} is the enclosing scope that outer aliases count into.
 */
final class Frame {

    final Frame parent;
    final List<CoreFunc> coreFuncs = new ArrayList<>();
    final List<Object> coreTables = new ArrayList<>();
    final List<Object> coreMemories = new ArrayList<>();
    final List<Object> coreGlobals = new ArrayList<>();
    final List<Object> coreTypes = new ArrayList<>();
    final List<Object> coreModules = new ArrayList<>();
    final List<CoreInstanceValue> coreInstances = new ArrayList<>();
    final List<Object> funcs = new ArrayList<>();
    final List<Object> types = new ArrayList<>();
    final List<Object> components = new ArrayList<>();
    final List<Object> instances = new ArrayList<>();

    Frame(Frame parent) {
        this.parent = parent;
    }

    Frame outer(int count) {
        Frame f = this;
        for (int i = 0; i < count; i++) {
            f = f.parent;
        }
        return f;
    }
}
