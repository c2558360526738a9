/** {@code wippy:runtime/funcs}: WebAssembly guests calling registry functions, security-checked. */
package ai.wippy.funcs;
