/**
 * {@code http.endpoint} entries as WebFlux routes. Transport {@code payload}: the JSON body (or the
 * query parameters) are the arguments, the result is the JSON response, errors map to HTTP statuses.
 * Transport {@code wasi-http} needs the component model and is not served yet.
 */
package ai.wippy.spring.http;
