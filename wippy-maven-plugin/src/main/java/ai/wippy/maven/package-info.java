/** The {@code wippy:compile} goal: an application's WebAssembly modules compiled at build time. */
package ai.wippy.maven;
