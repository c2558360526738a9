/**
 * WASI hosts held to an entry's grants. {@link ai.wippy.wasi.WasiSettings} reads the entry's
 * {@code imports} and {@code wasi} fields once at boot (arguments, environment from {@code
 * env.variable} entries, mounts of {@code fs.*} entries); {@link ai.wippy.wasi.WasiPreview1} serves
 * {@code wasi_snapshot_preview1} to core modules over {@link ai.wippy.fs.VirtualFileSystem}, never the
 * real file system. A function whose group is not granted still links and answers {@code
 * ERRNO_NOTCAPABLE} or behaves as absent.
 */
package ai.wippy.wasi;
