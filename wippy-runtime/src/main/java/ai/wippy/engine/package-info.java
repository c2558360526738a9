/** The WebAssembly engine on Chicory: assembling WAT, decoding, validating and compiling core modules once. */
package ai.wippy.engine;
