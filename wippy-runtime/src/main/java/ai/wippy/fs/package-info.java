/** File-system entries: folders on disk and inside the jar, confined to their roots. */
package ai.wippy.fs;
