/**
 * The one canonical ABI of the runtime (the Component Model's {@code CanonicalABI.md}, synchronous,
 * 32-bit memories): layout, flattening, lifting and lowering of WIT values between canonical host
 * values ({@code ai.wippy.value}) and a guest's core values and linear memory, and the handle table
 * of an instance. It serves core modules whose registry entry carries a {@code wit} signature
 * ({@link ai.wippy.abi.CoreModuleCanonicalAbi}), components (the host calling a lifted export and a
 * guest calling a lowered import, in {@code ai.wippy.component}) and {@code wippy:runtime/funcs}.
 * {@link ai.wippy.abi.CanonicalAbi} is the entry point, {@link ai.wippy.abi.CanonicalOptions} the
 * lift/lower context, {@link ai.wippy.abi.ResourceTables} the handle table with its borrow scopes.
 * Lifting treats the guest as hostile: every violation is an {@link ai.wippy.abi.AbiTrap}.
 */
package ai.wippy.abi;
