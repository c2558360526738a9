package ai.wippy.component.host;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.wit.FunctionSignature;

/**
 * The stand-in for a WASI interface that the entry does not grant (or that no host implements):
 * the component links, as toolchains import interfaces they never call, but every call fails with
 * kind {@code CAPABILITY_DENIED} and "capability not granted: wasi:filesystem". Nothing real is ever
 * reached through it.
 */
public final class UngrantedInterface implements HostInterface, BoundInterface {

    private final String name;
    private final String group;

    /**
     * @param name the interface, e.g. {@code wasi:filesystem/types}
     */
    public UngrantedInterface(String name) {
        this.name = name;
        this.group = groupOf(name);
    }

    /** The capability group an interface belongs to: {@code wasi:filesystem/types} is in {@code wasi:filesystem}. */
    public static String groupOf(String interfaceName) {
        int at = interfaceName.indexOf('@');
        String n = at < 0 ? interfaceName : interfaceName.substring(0, at);
        int slash = n.indexOf('/');
        return slash < 0 ? n : n.substring(0, slash);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public BoundInterface bind(HostBinding binding) {
        return this;
    }

    @Override
    public HostFunction function(String function, FunctionSignature signature) {
        String message = "capability not granted: " + group + " (" + name + "." + function + " was called)";
        return args -> {
            throw new WippyException(ErrorKind.CAPABILITY_DENIED, null, message);
        };
    }
}
