/** WebAssembly function entries: core modules with their ABI adapters, imports and pools; the seam to components. */
package ai.wippy.wasm;
