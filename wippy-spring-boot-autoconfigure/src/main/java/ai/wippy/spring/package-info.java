/**
 * Spring Boot auto-configuration of the Wippy runtime: the {@code WasmRegistry} bean, function beans,
 * {@code @WippyFunction} proxies, properties. The work is done by {@code wippy-runtime}; this only wires it.
 */
package ai.wippy.spring;
