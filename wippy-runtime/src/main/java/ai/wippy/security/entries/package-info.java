/**
 * The registry side of security: the handler that loads {@code security.policy} entries into
 * {@link ai.wippy.security.Policy} values. Kept apart from {@code ai.wippy.security} so that the
 * policies themselves depend on nothing but the call context, and the runtime can use them without a
 * cycle.
 */
package ai.wippy.security.entries;
