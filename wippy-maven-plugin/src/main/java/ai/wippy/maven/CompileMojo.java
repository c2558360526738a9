package ai.wippy.maven;

import ai.wippy.registry.RegistryException;
import java.io.File;
import java.io.IOException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code wippy:compile}: compiles the application's WebAssembly modules into its classes, so that the
 * starter compiles nothing at boot. Bound to {@code process-classes}, after the registry files were
 * copied into the classes folder.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class CompileMojo extends AbstractMojo {

    /** The compiled classes: where the registry files are read and the compiled modules written. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
    private File classesDirectory;

    /** The class-path folder scanned for _index.yaml files (the starter's default is wippy/**). */
    @Parameter(property = "wippy.compile.registryFolder", defaultValue = "wippy")
    private String registryFolder;

    /** Skips the goal. */
    @Parameter(property = "wippy.compile.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("wippy: compile skipped");
            return;
        }
        try {
            new BuildTimeCompiler(classesDirectory.toPath(), registryFolder, getLog()::info).run();
        } catch (RegistryException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("wippy: cannot compile the registry's modules: " + e.getMessage(), e);
        }
    }
}
