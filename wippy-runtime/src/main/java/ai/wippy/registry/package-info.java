/** Registry files ({@code _index.yaml}): parsing, entry IDs, references and boot errors. */
package ai.wippy.registry;
