/** Spring Security principals as the runtime's inherited actor and scope. */
package ai.wippy.spring.security;
