/** The runtime: loading the registry, the call path every caller takes, the dispatcher. */
package ai.wippy.runtime;
