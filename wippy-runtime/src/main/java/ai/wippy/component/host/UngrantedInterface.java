package ai.wippy.component.host;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.value.ResultValue;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitType;
import java.util.List;

/**
 * The stand-in for a WASI interface that the entry does not grant (or that no host implements):
 * the component links, as toolchains import interfaces they never call, and the capability
 * behaves as absent. A function without parameters that lists things (environment variables,
 * arguments, preopens) returns an empty list and one returning an {@code option} returns none, so that language
 * runtimes which read them at start-up still start; a {@code result} whose error is an enum with
 * an {@code access} or {@code not-permitted} case returns that error; every other call fails with
 * kind {@code CAPABILITY_DENIED} and "capability not granted: wasi:filesystem". Nothing real is
 * ever reached through it.
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
        WitType result = signature.result();
        // getters that list things (variables, arguments, preopens) answer "nothing"; a function
        // asked for data (get-random-bytes(len)) must not answer with less than it promises
        boolean getter = signature.params().isEmpty();
        if (getter && result instanceof WitType.ListType list) {
            Object empty = list.isBytes() ? new byte[0] : List.of();
            return args -> empty;
        }
        if (getter && result instanceof WitType.OptionType) {
            return args -> null;
        }
        if (result instanceof WitType.ResultType r && r.err() instanceof WitType.EnumType e) {
            for (String denied : List.of("access", "access-denied", "not-permitted")) {
                if (e.cases().contains(denied)) {
                    ResultValue error = ResultValue.err(denied);
                    return args -> error;
                }
            }
        }
        return args -> {
            throw new WippyException(ErrorKind.CAPABILITY_DENIED, null, message);
        };
    }
}
