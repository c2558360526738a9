/** Spring AOT and native-image hints of the starter. */
package ai.wippy.spring.aot;
