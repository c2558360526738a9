package ai.wippy.wasm;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;

/** One instance of a core module, with the export the entry calls. */
record CoreInstance(Instance instance, ExportFunction export) {}
