/**
 * {@code wasi:filesystem} ({@code types}, {@code preopens}) over an entry's {@code wasi.mounts}:
 * descriptors on real folders ({@code fs.directory}) and read-only classpath folders ({@code
 * fs.embed}), paths confined to their mount (no absolute paths, no {@code ..} above the root, no
 * link leading out), {@code read_only} and descriptor flags enforced.
 */
package ai.wippy.wasi.p2.filesystem;
