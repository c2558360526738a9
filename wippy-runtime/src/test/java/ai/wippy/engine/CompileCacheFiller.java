package ai.wippy.engine;

import java.nio.file.Path;

/** Run in a second JVM by {@link CompileCacheTest}: fills a cache folder with numbered modules. */
public final class CompileCacheFiller {

    private CompileCacheFiller() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int modules = Integer.parseInt(args[1]);
        for (int i = 0; i < modules; i++) {
            // a compiler per module, as a process booting again and again would
            var compiler =
                    new ModuleCompiler(EngineMode.COMPILER, CompileCache.at(dir, CompileCache.DEFAULT_MAX_BYTES, null));
            long got = CompileCacheTest.call(compiler.compile(CompileCacheTest.module(100 + i)), 1);
            if (got != 103 + i) {
                System.out.println("module " + i + " answered " + got);
                System.exit(1);
            }
        }
        System.out.println("filled " + modules);
    }
}
