/**
 * WASI Preview 2 {@code wasi:http}: the {@code types} resources (fields, requests, responses,
 * bodies, futures), the {@code outgoing-handler} that sends requests with Reactor Netty's
 * {@code HttpClient} within the entry's {@code wasi.allowed_hosts}, and what an HTTP server needs to
 * hand a request to a component's {@code incoming-handler} ({@link
 * ai.wippy.wasi.p2.http.IncomingRequest}, {@link ai.wippy.wasi.p2.http.ResponseOutparam}).
 * Bodies are {@code wasi:io} streams: incoming ones are {@link ai.wippy.wasi.p2.BufferedInput}s fed
 * by the network with back-pressure, outgoing ones are {@link ai.wippy.wasi.p2.http.BodyOutput}s
 * read as a {@code Flux}.
 */
package ai.wippy.wasi.p2.http;
