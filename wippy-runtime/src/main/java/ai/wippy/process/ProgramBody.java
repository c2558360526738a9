package ai.wippy.process;

import ai.wippy.wasi.WasiStdio;
import java.util.List;

/**
 * Init and Step of one process, with Close in its own {@code finally}: instantiates the guest with
 * the process's arguments and stdio, runs the entry's export and releases the instance.
 */
interface ProgramBody {

    /**
     * Runs one process to its end.
     *
     * @return the export's value (null for a command)
     * @throws ai.wippy.wasi.WasiExit when the guest exits with a code (commands end so)
     */
    Object run(List<String> args, WasiStdio stdio);
}
