package ai.wippy.engine;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;

/**
 * Decodes, validates and compiles core modules, once per distinct binary (keyed by SHA-256) however
 * many entries use it.
 */
public final class ModuleCompiler {

    /** A binary that does not decode, validate or compile; the message says why. */
    public static final class ModuleException extends RuntimeException {
        public ModuleException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final EngineMode mode;
    private final ConcurrentMap<String, CompiledModule> cache = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, Long> compileObserver = (hash, nanos) -> {};

    public ModuleCompiler(EngineMode mode) {
        this.mode = mode;
    }

    public EngineMode mode() {
        return mode;
    }

    /** Called with the binary's hash and the nanoseconds each actual compilation took. */
    public void onCompile(BiConsumer<String, Long> observer) {
        this.compileObserver = observer;
    }

    public CompiledModule compile(byte[] bytes) {
        String hash = Digests.sha256Hex(bytes);
        CompiledModule cached = cache.get(hash);
        if (cached != null) {
            return cached;
        }
        synchronized (this) {
            cached = cache.get(hash);
            if (cached != null) {
                return cached;
            }
            long start = System.nanoTime();
            CompiledModule compiled = doCompile(bytes, hash);
            compileObserver.accept(hash, System.nanoTime() - start);
            cache.put(hash, compiled);
            return compiled;
        }
    }

    private CompiledModule doCompile(byte[] bytes, String hash) {
        WasmModule module;
        try {
            byte[] checked = CoreModuleCheck.beforeParse(bytes);
            module = Parser.parse(checked);
            CoreModuleCheck.afterParse(module, checked);
        } catch (CoreModuleCheck.Malformed e) {
            throw new ModuleException("binary does not decode as a WebAssembly module: " + e.getMessage(), e);
        } catch (VirtualMachineError e) {
            throw tooDeep(e, "decode");
        } catch (Throwable e) {
            // Chicory's parser and validator fail on hostile bytes with whatever they meet (a
            // NullPointerException, a NegativeArraySizeException, an AssertionError under -ea): all
            // of them are a binary that does not decode
            throw new ModuleException("binary does not decode as a WebAssembly module: " + describe(e), e);
        }
        if (mode == EngineMode.INTERPRETER) {
            return new CompiledModule(module, null, hash, mode);
        }
        try {
            return new CompiledModule(module, MachineFactoryCompiler.compile(module), hash, mode);
        } catch (VirtualMachineError e) {
            throw tooDeep(e, "compile");
        } catch (Throwable e) {
            throw new ModuleException("module does not compile: " + describe(e), e);
        }
    }

    /** A stack overflow is a module nested too deeply to handle; other VM errors are not the module's. */
    private static ModuleException tooDeep(VirtualMachineError e, String step) {
        if (e instanceof StackOverflowError) {
            return new ModuleException("module is nested too deeply to " + step + " (stack overflow)", e);
        }
        throw e;
    }

    private static String describe(Throwable e) {
        if (e instanceof ChicoryException && e.getMessage() != null) {
            return e.getMessage();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }

    /** How many distinct binaries have been compiled. */
    public int size() {
        return cache.size();
    }
}
