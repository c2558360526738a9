package ai.wippy.spi;

import ai.wippy.registry.KindSpec;
import java.util.List;

/**
 * An {@link EntryHandler} whose kinds and load order are fixed when it is made, as they are for the
 * built-in handlers: a subclass names them once in its constructor and writes only {@link #load}.
 */
public abstract class AbstractEntryHandler implements EntryHandler {

    private final int order;
    private final List<KindSpec> specs;

    /**
     * @param order when the kinds load ({@link #RESOURCES}, {@link #FUNCTIONS}, {@link #CONSUMERS}, or
     *     between)
     * @param specs the kinds this handler loads, with their fields
     */
    protected AbstractEntryHandler(int order, KindSpec... specs) {
        this.order = order;
        this.specs = List.of(specs);
    }

    @Override
    public final List<KindSpec> specs() {
        return specs;
    }

    @Override
    public final int order() {
        return order;
    }
}
