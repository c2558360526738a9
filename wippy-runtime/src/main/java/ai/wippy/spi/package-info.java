/**
 * The layer every entry kind builds on: what a handler implements ({@link ai.wippy.spi.EntryHandler},
 * {@link ai.wippy.spi.RegisteredFunction}) and what it is given ({@link ai.wippy.spi.LoadContext} at
 * boot, {@link ai.wippy.spi.RunningRegistry} and {@link ai.wippy.spi.FunctionCaller} at call time, the
 * {@link ai.wippy.spi.Dispatcher}, the settings). The handlers' packages depend on this one and never on
 * the facade ({@code ai.wippy.runtime}), which wires the built-ins together.
 */
package ai.wippy.spi;
