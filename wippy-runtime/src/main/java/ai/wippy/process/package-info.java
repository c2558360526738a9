/**
 * {@code process.wasm} entries run as processes: {@link ai.wippy.process.ProcessHost} spawns a
 * {@link ai.wippy.process.WasmProgram} (Init: instantiate with its own WASI table; Step: run
 * {@code _start} or the entry's export on the dispatcher; Close: flush stdio and write back files),
 * monitors it ({@link ai.wippy.process.ProcessExit} carries the exit code, the return value or the
 * error) and stops it. Programs with {@code meta.command} are CLI commands ({@link
 * ai.wippy.process.CommandLine}).
 */
package ai.wippy.process;
