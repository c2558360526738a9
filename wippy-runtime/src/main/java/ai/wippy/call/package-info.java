/** Calls: the context every call inherits, error kinds, and the API to call functions by ID. */
package ai.wippy.call;
