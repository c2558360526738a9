/**
 * Named values for WASI environments: {@code env.variable} entries read from a {@link
 * ai.wippy.env.VariableStorage} ({@code env.storage.os}, {@code env.storage.static}, or one an
 * application provides, such as Spring's {@code Environment}).
 */
package ai.wippy.env;
