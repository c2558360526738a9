package ai.wippy.engine;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wabt.Wat2WasmModule;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Assembles WebAssembly Text into a core module binary with wabt's {@code wat2wasm}, itself a
 * WebAssembly program (compiled to JVM bytecode by Chicory's build). The text goes in on the
 * program's stdin and the binary comes out on its stdout; its stderr, which holds the diagnostics
 * with line and column, is kept apart so that a failure can say what is wrong and where.
 */
public final class WatAssembler {

    /** Thrown when the text does not assemble; the message is wat2wasm's, with line and column. */
    public static final class WatException extends RuntimeException {
        public WatException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The file name wat2wasm reports in its messages ({@code -:3:5: error: ...} for stdin). */
    private static final String STDIN_PREFIX = "-:";

    private static final java.util.regex.Pattern ANSI_ESCAPE = java.util.regex.Pattern.compile("\u001B\\[[0-9;]*m");

    private static volatile WasmModule module;

    private static WasmModule module() {
        WasmModule m = module;
        if (m == null) {
            synchronized (WatAssembler.class) {
                m = module;
                if (m == null) {
                    m = Wat2WasmModule.load();
                    module = m;
                }
            }
        }
        return m;
    }

    private final CompileCache cache;

    /** How many recent texts {@link #assembled} keeps. */
    private static final int RECENT = 1024;

    /**
     * The binaries this assembler made or found lately, by text: an entry's text is read when its
     * binary is compiled ahead of its load and again by the load, and is assembled or looked up once.
     * Bounded (least recently used out), since the assembler lives as long as its registry and live
     * updates bring new texts; a text pushed out is simply looked up again.
     */
    private final java.util.Map<String, byte[]> assembled =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, byte[]> eldest) {
                    return size() > RECENT;
                }
            });

    public WatAssembler() {
        this(null);
    }

    /**
     * An assembler that keeps the binaries it makes in {@code cache} (null: none), keyed by the text and
     * the assembler's version, so that a warm boot runs no wat2wasm; texts that fail are not kept.
     */
    public WatAssembler(CompileCache cache) {
        this.cache = cache;
    }

    /** Assembles {@code wat}; diagnostics name the position as {@code line:column}. */
    public byte[] assemble(String wat) {
        return assemble(wat, null);
    }

    /**
     * Assembles {@code wat}; diagnostics name the position as {@code name:line:column}, or
     * {@code line:column} when {@code name} is null.
     */
    public byte[] assemble(String wat, String name) {
        byte[] known = assembled.get(wat);
        if (known == null) {
            known = assembleOnce(wat, name);
            assembled.putIfAbsent(wat, known);
        }
        // a copy: the caller may change the bytes it gets
        return known.clone();
    }

    private byte[] assembleOnce(String wat, String name) {
        if (cache == null) {
            return run(wat, name);
        }
        String key = CompileCache.watKey(wat);
        CompileCache.Hit hit = cache.get(key);
        if (hit != null && BinaryKind.detect(hit.payload()) != null) {
            return hit.payload();
        }
        byte[] binary = run(wat, name);
        cache.put(key, binary);
        return binary;
    }

    private byte[] run(String wat, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WasiOptions options = WasiOptions.builder()
                .withStdin(new ByteArrayInputStream(wat.getBytes(StandardCharsets.UTF_8)))
                .withStdout(out)
                .withStderr(err)
                .withArguments(List.of("wat2wasm", "-", "--output=-"))
                .build();
        int exitCode = 0;
        Throwable failure = null;
        try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options).build()) {
            Instance.builder(module())
                    .withMachineFactory(Wat2WasmModule::create)
                    .withImportValues(ImportValues.builder()
                            .addFunction(wasi.toHostFunctions())
                            .build())
                    .build();
        } catch (WasiExitException e) {
            exitCode = e.exitCode();
            failure = e;
        } catch (RuntimeException e) {
            exitCode = -1;
            failure = e;
        }
        // wat2wasm colours its messages when it takes stderr for a terminal: keep the text only
        String diagnostics = ANSI_ESCAPE
                .matcher(err.toString(StandardCharsets.UTF_8))
                .replaceAll("")
                .strip();
        if (exitCode != 0 || out.size() == 0) {
            throw new WatException(describe(diagnostics, name, exitCode, failure), failure);
        }
        return out.toByteArray();
    }

    private static String describe(String diagnostics, String name, int exitCode, Throwable failure) {
        if (diagnostics.isEmpty()) {
            if (failure != null && !(failure instanceof WasiExitException)) {
                return "wat2wasm failed: " + failure;
            }
            return "wat2wasm ended with exit code " + exitCode + " and no message";
        }
        StringBuilder sb = new StringBuilder();
        for (String line : diagnostics.split("\n", -1)) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            if (line.startsWith(STDIN_PREFIX)) {
                sb.append(name == null ? "" : name + ":").append(line.substring(STDIN_PREFIX.length()));
            } else {
                sb.append(line);
            }
        }
        return sb.toString();
    }
}
