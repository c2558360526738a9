package ai.wippy.wasi.p2;

import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostFunction;
import ai.wippy.value.ResourceHandle;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitParser;
import ai.wippy.wit.WitType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The signatures of a WASI interface's functions for tests that call a typed host the way the
 * component linker does (by WIT name, with the signature the component declares). The WIT text
 * is the interface flattened: its types, then its functions, a resource method written
 * {@code resource_method: func(self: borrow<resource>, ...)} (it becomes {@code
 * [method]resource.method}).
 */
public final class WitSignatures {

    private final Map<String, FunctionSignature> functions = new HashMap<>();

    public WitSignatures(String wit) {
        for (var e : WitParser.parse(wit).functions().entrySet()) {
            String name = e.getKey();
            int split = name.indexOf('_');
            String witName = split < 0 ? name : "[method]" + name.substring(0, split) + "." + name.substring(split + 1);
            FunctionSignature s = e.getValue();
            functions.put(witName, new FunctionSignature(witName, s.params(), s.result()));
        }
    }

    public FunctionSignature get(String witName) {
        FunctionSignature s = functions.get(witName);
        if (s == null) {
            throw new IllegalArgumentException("no signature for " + witName);
        }
        return s;
    }

    /**
     * The host's function for {@code witName}, linked against its signature; fails when the host
     * has none. A handle passed for a {@code borrow<R>} parameter arrives as a borrow, as the
     * component runtime lifts it (an owned handle the test holds stays its own).
     */
    public HostFunction link(BoundInterface host, String witName) {
        FunctionSignature signature = get(witName);
        HostFunction f = host.function(witName, signature);
        if (f == null) {
            throw new IllegalStateException("the host does not implement " + witName);
        }
        return args -> {
            List<Object> lifted = new ArrayList<>(args);
            for (int i = 0; i < lifted.size() && i < signature.params().size(); i++) {
                if (signature.params().get(i).type() instanceof WitType.HandleType h
                        && !h.own()
                        && lifted.get(i) instanceof ResourceHandle r) {
                    lifted.set(i, new ResourceHandle(r.resource(), r.handle(), false));
                }
            }
            return f.call(lifted);
        };
    }
}
