/** Micrometer meters of pools, calls and compilations. */
package ai.wippy.spring.metrics;
