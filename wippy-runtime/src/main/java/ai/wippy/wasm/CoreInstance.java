package ai.wippy.wasm;

import ai.wippy.engine.GuestMemoryBudget;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;

/** One instance of a core module, with the export the entry calls and its share of the memory budget. */
record CoreInstance(Instance instance, ExportFunction export, GuestMemoryBudget.Lease memory) {}
