package ai.wippy.benchmarks;

import ai.wippy.runtime.ScalarFunction;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.proxy.FunctionProxyFactory;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/** B1: {@code add(6, 7)} through the registry (Java API, typed proxy) against a direct Chicory call. */
public class CallOverheadBenchmark extends NanosBenchmark {

    /** The typed proxy users inject with {@code @WippyFunction}. */
    public interface Adder {
        int add(int a, int b);
    }

    private WasmRegistry registry;
    private Adder proxy;
    private ScalarFunction scalar;
    private ExportFunction direct;
    private int a = 6;
    private int b = 7;

    @Setup
    public void setUp() {
        registry = Guests.registry(Guests.ADD_REGISTRY);
        scalar = registry.handle("bench:add").scalar();
        proxy = new FunctionProxyFactory(registry).create(Adder.class, "bench:add", "benchmark");
        WasmModule module = Parser.parse(Guests.wasm("add"));
        Instance instance = Instance.builder(module)
                .withMachineFactory(MachineFactoryCompiler.compile(module))
                .build();
        direct = instance.export("add");
    }

    @TearDown
    public void tearDown() {
        registry.close();
    }

    @Benchmark
    public long directChicory() {
        return direct.apply(a, b)[0];
    }

    @Benchmark
    public Object registryJavaApi() {
        return registry.call("bench:add", a, b);
    }

    /** The typed handle of a scalar function: core values in and out, no boxing. */
    @Benchmark
    public long registryScalarHandle() {
        return scalar.call(a, b);
    }

    @Benchmark
    public int registryProxy() {
        return proxy.add(a, b);
    }
}
