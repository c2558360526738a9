/** Actors, scopes, policies and the guard that checks every call. */
package ai.wippy.security;
