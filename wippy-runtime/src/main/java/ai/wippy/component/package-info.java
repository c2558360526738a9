/**
 * The WebAssembly Component Model host on Chicory.
 *
 * <p>The split mirrors wasmtime's, so that pools stay cheap:
 *
 * <ul>
 *   <li>{@link ai.wippy.component.Component}: decoded ({@link ai.wippy.component.binary.ComponentDecoder}),
 *       validated, embedded core modules compiled once through the runtime's {@code ModuleCompiler}.
 *       Immutable, shared by every entry that uses the same binary.
 *   <li>{@link ai.wippy.component.ComponentLinker}: the host interfaces
 *       ({@link ai.wippy.component.host.HostInterface}) components may import, and the grant rules.
 *   <li>{@link ai.wippy.component.InstancePre}: a component with every import resolved to a host
 *       interface (or to the "not granted" stand-in for WASI); instantiating only runs the
 *       component's definitions.
 *   <li>{@link ai.wippy.component.ComponentInstance}: core instances wired to each other and to
 *       lowered host functions, a handle table, the host bindings; exports lifted into
 *       {@link ai.wippy.component.ComponentFunction}s called with canonical values
 *       ({@code ai.wippy.value}). {@code method: iface#func} selects a function of an exported
 *       interface, {@code method: name} a top-level one.
 * </ul>
 *
 * <p>{@link ai.wippy.component.ComponentFunctionLoader} is the {@code ai.wippy.wasm.ComponentLoader}
 * (registered in {@code META-INF/services}) that turns a {@code function.wasm} entry holding a
 * component into a pooled registry function. Export types become {@code ai.wippy.wit} signatures,
 * so the runtime's argument checks, Java proxies and Lua work unchanged.
 *
 * <p>Supported: every section of the binary format except values (🪙) and the async (🔀) built-ins;
 * nested components, outer aliases, inline instances, type imports with bounds, resources
 * ({@code resource.new/rep/drop}, own and borrow, destructors), UTF-8, UTF-16 and latin1+utf16
 * strings. Values cross through the one canonical ABI, {@code ai.wippy.abi} ({@code CanonicalAbi},
 * with the instance's {@code ResourceTables}).
 */
package ai.wippy.component;
