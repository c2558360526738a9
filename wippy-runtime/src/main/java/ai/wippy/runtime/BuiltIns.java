package ai.wippy.runtime;

import ai.wippy.spi.EntryHandler;
import java.util.List;

/**
 * What this library itself provides, named here rather than found with {@link java.util.ServiceLoader}:
 * the entry handlers of the built-in kinds and the services the handlers look up by type (core-module
 * import providers, the canonical ABI of core modules with {@code wit}, the component loader, the Lua
 * modules). The facade is the one place that knows every built-in; the packages below it know only the
 * SPI ({@code ai.wippy.spi}) and the interfaces they look services up by. {@code ServiceLoader} still
 * adds the handlers and services of other jars.
 */
final class BuiltIns {

    private BuiltIns() {}

    /** A fresh instance of each built-in entry handler, in no particular order ({@link EntryHandler#order()} decides). */
    static List<EntryHandler> handlers() {
        return List.of(
                new ai.wippy.fs.FileSystemHandler(),
                new ai.wippy.wasm.WasmFunctionHandler(),
                new ai.wippy.env.VariableStorageHandler(),
                new ai.wippy.env.EnvVariableHandler(),
                new ai.wippy.process.ProcessHandler(),
                new ai.wippy.process.HostEntryHandler(),
                new ai.wippy.http.HttpEndpointHandler(),
                new ai.wippy.security.entries.PolicyHandler(),
                new ai.wippy.lua.LuaFunctionHandler(),
                new ai.wippy.lua.LuaLibraryHandler(),
                new ai.wippy.process.ServiceHandler());
    }

    /** The built-in services, each of the interface type the handlers look it up by. */
    static List<Object> services() {
        return List.of(
                new ai.wippy.wasi.WasiPreview1Provider(),
                new ai.wippy.funcs.FuncsImportProvider(),
                new ai.wippy.abi.CoreModuleCanonicalAbi(),
                new ai.wippy.component.ComponentFunctionLoader(),
                ai.wippy.lua.LuaSecurityModule.module(),
                ai.wippy.lua.LuaProcessModule.module(),
                ai.wippy.lua.LuaHashModule.module());
    }
}
