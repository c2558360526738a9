/**
 * {@code java -jar app.jar run NAME [ARGS]}: runs the {@code process.wasm} entry whose {@code
 * meta.command.name} is NAME with the terminal as its stdio, then exits with its exit code; {@code
 * run list} lists the commands. {@link ai.wippy.spring.cli.RunCommandListener} starts such an
 * application without a web server.
 */
package ai.wippy.spring.cli;
