/** The WIT type model and the parser for {@code wit} signatures of core modules. */
package ai.wippy.wit;
