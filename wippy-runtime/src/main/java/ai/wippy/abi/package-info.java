/**
 * The Component Model's canonical ABI: layout, flattening, lifting and lowering of WIT values
 * between canonical host values ({@code ai.wippy.value}) and a guest's core values and linear
 * memory, plus resource handle tables. {@link ai.wippy.abi.CanonicalAbi} is the entry point; {@link
 * ai.wippy.abi.CoreModuleCanonicalAbi} applies it to core modules whose registry entry carries a
 * {@code wit} signature. Lifting treats the guest as hostile: every violation is a trap.
 */
package ai.wippy.abi;
