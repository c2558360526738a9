/**
 * The component binary format (Binary.md): {@link ai.wippy.component.binary.ComponentDecoder}
 * turns bytes into a {@link ai.wippy.component.binary.ComponentAst} of
 * {@link ai.wippy.component.binary.Definition}s, checking every index against its index space as the
 * spaces grow. Every error is a {@link ai.wippy.component.binary.ComponentDecodeException} carrying
 * the byte offset and what was expected there; no input makes the decoder fail otherwise (a property
 * test feeds it mutated and random bytes).
 */
package ai.wippy.component.binary;
