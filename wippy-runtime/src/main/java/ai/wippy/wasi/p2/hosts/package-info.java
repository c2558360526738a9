/**
 * The list of built-in WASI Preview 2 hosts ({@link ai.wippy.wasi.p2.hosts.WasiPreview2}), on top of
 * the interfaces it gathers: {@code ai.wippy.wasi.p2} (io, clocks, random, cli, and the stream,
 * pollable and budget types the others build on) and its {@code filesystem}, {@code sockets} and
 * {@code http} packages, none of which depends on this one.
 */
package ai.wippy.wasi.p2.hosts;
