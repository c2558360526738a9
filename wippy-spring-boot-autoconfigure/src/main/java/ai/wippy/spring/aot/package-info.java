/** Spring AOT and native-image readiness: the runtime hints of the starter and of the application's injections. */
package ai.wippy.spring.aot;
