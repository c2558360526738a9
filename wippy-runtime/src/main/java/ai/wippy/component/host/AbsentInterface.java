package ai.wippy.component.host;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.wit.FunctionSignature;

/**
 * What links in place of an application interface (not WASI) that the entry does not grant: the
 * component instantiates, as Wippy's does (toolchains and test apps import interfaces they do not
 * always call), and each of the interface's functions traps when called, with kind
 * {@code CAPABILITY_DENIED} and a message naming the import, the function and how to provide it.
 * Nothing is ever reached through it.
 */
public final class AbsentInterface implements HostInterface, BoundInterface {

    private final String importName;
    private final String remedy;

    /**
     * @param importName the import as the component spells it, {@code test:minimal/host@0.1.0}
     * @param provided whether a host interface of that name exists (then only the grant is missing)
     */
    public AbsentInterface(String importName, boolean provided) {
        this.importName = importName;
        String unversioned = unversioned(importName);
        String grant = unversioned.equals("wippy:runtime/funcs") ? "funcs" : unversioned;
        this.remedy = provided
                ? "is not granted: add '" + grant + "' to the entry's imports"
                : "is not provided: grant it with imports: [" + unversioned
                        + "] and provide a host interface bean (@WitInterface(\"" + unversioned + "\"))";
    }

    private static String unversioned(String name) {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    @Override
    public String name() {
        return unversioned(importName);
    }

    @Override
    public BoundInterface bind(HostBinding binding) {
        return this;
    }

    /** Why calls fail: "is not provided: grant it with ...". */
    public String remedy() {
        return remedy;
    }

    @Override
    public HostFunction function(String function, FunctionSignature signature) {
        String message = "import '" + importName + "#" + function + "' " + remedy;
        return args -> {
            throw new WippyException(ErrorKind.CAPABILITY_DENIED, null, message);
        };
    }
}
