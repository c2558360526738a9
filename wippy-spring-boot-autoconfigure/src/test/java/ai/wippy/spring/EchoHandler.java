package ai.wippy.spring;

import ai.wippy.pool.PoolConfig;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.EntryHandler;
import ai.wippy.spi.JavaFunction;
import ai.wippy.spi.LoadContext;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitParser;
import java.util.Set;

/**
 * A test kind, {@code test.echo}: a function implemented in Java that returns its first argument, with
 * the WIT signature from {@code meta.signature}. It exercises the Java value mapping of typed proxies
 * for WIT types that core modules cannot carry without the canonical ABI.
 */
public class EchoHandler implements EntryHandler {

    static final String TYPES = """
            enum color { red, dark-green }
            flags perms { read, write }
            record user { first-name: string, age: u32, tags: list<string>, color: color, perms: perms, nick: option<string> }
            """;

    @Override
    public Set<String> kinds() {
        return Set.of("test.echo");
    }

    @Override
    public void load(RegistryEntry entry, LoadContext context) {
        FunctionSignature sig = WitParser.parseFunction(TYPES + entry.meta().get("signature"), null);
        context.addFunction(new JavaFunction(entry, sig, PoolConfig.defaults(), (ctx, args) -> args.get(0)));
    }
}
