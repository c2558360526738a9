package ai.wippy.benchmarks;

import ai.wippy.engine.EngineMode;
import ai.wippy.engine.ModuleCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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

    private Context graal;
    // what the two benchmarks call on the engine under test, set up once
    private LongSupplier fib;
    private LongSupplier hash;

    @Setup
    public void setUp() {
        switch (engine) {
            case "compiler", "interpreter" -> {
                ModuleCompiler compiler =
                        new ModuleCompiler(engine.equals("compiler") ? EngineMode.COMPILER : EngineMode.INTERPRETER);
                useChicory(
                        compiler.compile(Guests.wasm("fib")).instantiate(ImportValues.empty(), null),
                        compiler.compile(Guests.wasm("hash")).instantiate(ImportValues.empty(), null));
            }
            // Chicory's compiler used directly, without the runtime's memory accounting, with its
            // default memory (ByteBufferMemory) or its ByteArrayMemory
            case "chicory", "chicory-bytearray" -> {
                boolean array = engine.equals("chicory-bytearray");
                useChicory(chicory("fib", array), chicory("hash", array));
            }
            case "graalwasm" -> {
                graal = Context.newBuilder("wasm")
                        .engine(Engine.newBuilder("wasm")
                                .option("engine.WarnInterpreterOnly", "false")
                                .build())
                        .build();
                Value graalFib = instantiate("fib").getMember("exports").getMember("fib");
                Value hashExports = instantiate("hash").getMember("exports");
                Value graalHash = hashExports.getMember("fnv1a");
                hashExports.getMember("fill").execute(HASH_LEN);
                fib = () -> graalFib.execute(FIB_N).asInt();
                hash = () -> graalHash.execute(HASH_LEN).asInt();
            }
            case "java" -> {
                byte[] data = Guests.pattern(HASH_LEN);
                fib = () -> Guests.fib(FIB_N);
                hash = () -> Guests.fnv1a(data);
            }
            default -> throw new IllegalArgumentException(engine);
        }
    }

    /** Chicory instances of the two guests, however made; the hash guest's memory is filled once. */
    private void useChicory(Instance fibGuest, Instance hashGuest) {
        ExportFunction fibExport = fibGuest.export("fib");
        ExportFunction hashExport = hashGuest.export("fnv1a");
        hashGuest.export("fill").apply(HASH_LEN);
        fib = () -> fibExport.apply(FIB_N)[0];
        hash = () -> hashExport.apply(HASH_LEN)[0];
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
        return fib.getAsLong();
    }

    @Benchmark
    public long hash1MiB() {
        return hash.getAsLong();
    }
}
