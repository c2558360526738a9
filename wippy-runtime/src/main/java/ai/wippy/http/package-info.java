/**
 * {@code http.endpoint} entries, framework-free: the route ({@code method}, {@code path}) and the
 * function it calls ({@code func}, with the function's {@code transport}). A web layer (the Spring
 * WebFlux auto-configuration) turns {@link ai.wippy.http.HttpEndpoint} resources into routes.
 */
package ai.wippy.http;
