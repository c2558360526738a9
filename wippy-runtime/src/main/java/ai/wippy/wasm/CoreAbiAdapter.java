package ai.wippy.wasm;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import java.util.List;

/** Calls one core export with canonical arguments and lifts its canonical result. */
public interface CoreAbiAdapter {

    Object call(Instance instance, ExportFunction export, List<Object> args);
}
