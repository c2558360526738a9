package ai.wippy.benchmarks;

import ai.wippy.abi.CanonicalAbi;
import ai.wippy.abi.CanonicalOptions;
import ai.wippy.abi.ResourceTables;
import ai.wippy.abi.StringEncoding;
import ai.wippy.value.ResourceHandle;
import ai.wippy.value.ResultValue;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the canonical ABI adds to a host call a guest makes ({@code canon lower}), without an engine:
 * {@link CanonicalAbi#callImport} from flat core arguments to flat results for three shapes the
 * WASI hosts see, against the host implementation called with its arguments already lifted (the
 * floor). {@code append} is {@code [method]fields.append} (a borrowed {@code self}, a string, a
 * {@code list<u8>}, a spilled {@code result<_, enum>} written through the return pointer), {@code
 * body} a method answering {@code result<own<T>>} through the return pointer, {@code add} two
 * {@code s32} to one. Prints the lowest nanoseconds per call over {@code rounds} rounds. Run with
 * {@code java -cp ... ai.wippy.benchmarks.HostCallProbe [rounds] [calls]}.
 */
public final class HostCallProbe {

    private HostCallProbe() {}

    private static final WitType HEADER_ERROR =
            new WitType.EnumType("header-error", List.of("invalid-syntax", "forbidden", "immutable"));

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        Memory memory = new ByteArrayMemory(new MemoryLimits(1, 1));
        byte[] name = "content-type".getBytes(StandardCharsets.UTF_8);
        byte[] value = "text/plain".getBytes(StandardCharsets.UTF_8);
        memory.write(1024, name);
        memory.write(2048, value);
        ResourceTables tables = new ResourceTables();
        int fields = tables.addHost("fields", new Object(), true);
        int body = tables.addHost("outgoing-body", new Object(), true);
        CanonicalOptions o = new CanonicalOptions(memory, StringEncoding.UTF8, null, null, tables);

        FunctionSignature append = new FunctionSignature(
                "[method]fields.append",
                List.of(
                        new Param("self", new WitType.HandleType("fields", false)),
                        new Param("name", WitType.Primitive.STRING),
                        new Param("value", new WitType.ListType(WitType.Primitive.U8))),
                new WitType.ResultType(null, HEADER_ERROR));
        FunctionSignature bodyOf = new FunctionSignature(
                "[method]outgoing-response.body",
                List.of(new Param("self", new WitType.HandleType("outgoing-response", false))),
                new WitType.ResultType(new WitType.HandleType("outgoing-body", true), null));
        FunctionSignature add = new FunctionSignature(
                "add",
                List.of(new Param("a", WitType.Primitive.S32), new Param("b", WitType.Primitive.S32)),
                WitType.Primitive.S32);
        int response = tables.addHost("outgoing-response", new Object(), true);

        ResultValue ok = new ResultValue(true, null);
        ResultValue okBody = new ResultValue(true, new ResourceHandle("outgoing-body", body, true));
        CanonicalAbi.Callee appendImpl = a -> a.get(1) == null ? null : ok;
        CanonicalAbi.Callee bodyImpl = a -> a.get(0) == null ? null : okBody;
        CanonicalAbi.Callee addImpl = a -> (Integer) a.get(0) + (Integer) a.get(1);
        long[] appendArgs = {fields, 1024, name.length, 2048, value.length, 4096};
        long[] bodyArgs = {response, 4096};
        long[] addArgs = {6, 7};
        List<Object> appendLifted = List.of(new ResourceHandle("fields", fields, false), "content-type", value.clone());
        List<Object> bodyLifted = List.of(new ResourceHandle("outgoing-response", response, false));
        List<Object> addLifted = List.of(6, 7);

        String[] names = {"append", "append (floor)", "body", "body (floor)", "add", "add (floor)"};
        double[] best = new double[names.length];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        long sink = 0;
        for (int r = 0; r < rounds + 3; r++) {
            double[] ns = new double[names.length];
            long t = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += CanonicalAbi.callImport(o, append, appendArgs, appendImpl).length;
            }
            ns[0] = (System.nanoTime() - t) / (double) calls;
            t = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += appendImpl.call(appendLifted) == ok ? 1 : 0;
            }
            ns[1] = (System.nanoTime() - t) / (double) calls;
            t = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += CanonicalAbi.callImport(o, bodyOf, bodyArgs, bodyImpl).length;
            }
            ns[2] = (System.nanoTime() - t) / (double) calls;
            t = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += bodyImpl.call(bodyLifted) == okBody ? 1 : 0;
            }
            ns[3] = (System.nanoTime() - t) / (double) calls;
            t = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += CanonicalAbi.callImport(o, add, addArgs, addImpl)[0];
            }
            ns[4] = (System.nanoTime() - t) / (double) calls;
            t = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += (Integer) addImpl.call(addLifted);
            }
            ns[5] = (System.nanoTime() - t) / (double) calls;
            if (r >= 3) { // three warm-up rounds
                for (int k = 0; k < ns.length; k++) {
                    best[k] = Math.min(best[k], ns[k]);
                }
            }
        }
        for (int k = 0; k < names.length; k++) {
            System.out.printf("HOSTCALL %-16s %7.1f ns per call%n", names[k], best[k]);
        }
        System.out.println("(" + sink + ")");
    }
}
