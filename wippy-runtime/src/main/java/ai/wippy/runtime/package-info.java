/**
 * The runtime's facade: {@link ai.wippy.runtime.WasmRegistry} (the loaded registry and the call path
 * every caller takes) and its builder, which names the built-in handlers and services ({@code BuiltIns})
 * and adds those of other jars. Everything below it depends on {@code ai.wippy.spi} only.
 */
package ai.wippy.runtime;
