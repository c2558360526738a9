/** Micrometer meters of pools, calls and compilations; every call an Observation (a span under Micrometer Tracing). */
package ai.wippy.spring.metrics;
