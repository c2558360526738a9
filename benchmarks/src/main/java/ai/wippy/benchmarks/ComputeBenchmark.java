package ai.wippy.benchmarks;

import ai.wippy.engine.EngineMode;
import ai.wippy.engine.ModuleCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * B2: CPU-bound guests — recursive fib(27) and FNV-1a over 1 MiB of guest memory — on the runtime's
 * compiler mode (memory charged to the guest memory budget), Chicory's compiler used directly
 * ({@code chicory}), Chicory's interpreter and GraalWasm, against the same algorithm in plain Java.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dpolyglot.engine.WarnInterpreterOnly=false"})
public class ComputeBenchmark {

    static final int FIB_N = 27;
    static final int HASH_LEN = 1 << 20;

    @Param({"compiler", "chicory", "chicory-bytearray", "interpreter", "graalwasm", "java"})
    public String engine;

    private ExportFunction chicoryFib;
    private ExportFunction chicoryHash;
    private Context graal;
    private Value graalFib;
    private Value graalHash;
    private byte[] javaData;

    @Setup
    public void setUp() {
        switch (engine) {
            case "compiler", "interpreter" -> {
                ModuleCompiler compiler =
                        new ModuleCompiler(engine.equals("compiler") ? EngineMode.COMPILER : EngineMode.INTERPRETER);
                Instance fib = compiler.compile(Guests.wasm("fib")).instantiate(ImportValues.empty(), null);
                Instance hash = compiler.compile(Guests.wasm("hash")).instantiate(ImportValues.empty(), null);
                chicoryFib = fib.export("fib");
                chicoryHash = hash.export("fnv1a");
                hash.export("fill").apply(HASH_LEN);
            }
            case "chicory", "chicory-bytearray" -> {
                // Chicory's compiler used directly, without the runtime's memory accounting, with its
                // default memory (ByteBufferMemory) or its ByteArrayMemory
                boolean array = engine.equals("chicory-bytearray");
                Instance fib = chicory("fib", array);
                Instance hash = chicory("hash", array);
                chicoryFib = fib.export("fib");
                chicoryHash = hash.export("fnv1a");
                hash.export("fill").apply(HASH_LEN);
            }
            case "graalwasm" -> {
                graal = Context.newBuilder("wasm")
                        .engine(Engine.newBuilder("wasm")
                                .option("engine.WarnInterpreterOnly", "false")
                                .build())
                        .build();
                graalFib = instantiate("fib").getMember("exports").getMember("fib");
                Value hashExports = instantiate("hash").getMember("exports");
                graalHash = hashExports.getMember("fnv1a");
                hashExports.getMember("fill").execute(HASH_LEN);
            }
            case "java" -> javaData = Guests.pattern(HASH_LEN);
            default -> throw new IllegalArgumentException(engine);
        }
    }

    private static Instance chicory(String name, boolean byteArrayMemory) {
        var module = com.dylibso.chicory.wasm.Parser.parse(Guests.wasm(name));
        var builder = Instance.builder(module)
                .withMachineFactory(com.dylibso.chicory.compiler.MachineFactoryCompiler.compile(module));
        if (byteArrayMemory) {
            builder.withMemoryFactory(com.dylibso.chicory.runtime.ByteArrayMemory::new);
        }
        return builder.build();
    }

    private Value instantiate(String name) {
        Source source = Source.newBuilder("wasm", ByteSequence.create(Guests.wasm(name)), name)
                .buildLiteral();
        return graal.eval(source).newInstance();
    }

    @TearDown
    public void tearDown() {
        if (graal != null) {
            graal.close();
        }
    }

    @Benchmark
    public long fib() {
        return switch (engine) {
            case "java" -> Guests.fib(FIB_N);
            case "graalwasm" -> graalFib.execute(FIB_N).asInt();
            default -> chicoryFib.apply(FIB_N)[0];
        };
    }

    @Benchmark
    public long hash1MiB() {
        return switch (engine) {
            case "java" -> Guests.fnv1a(javaData);
            case "graalwasm" -> graalHash.execute(HASH_LEN).asInt();
            default -> chicoryHash.apply(HASH_LEN)[0];
        };
    }
}
