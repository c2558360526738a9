/** Boot failures explained: a registry error becomes Spring Boot's "APPLICATION FAILED TO START" report. */
package ai.wippy.spring.diagnostics;
