package ai.wippy.component.host;

import java.util.List;

/**
 * One host function, called by the guest with canonical values (see {@code ai.wippy.value}): the
 * arguments are already lifted out of guest memory, the result is lowered back by the caller.
 * Throwing traps the guest (its instance is discarded); to report an error the guest can handle,
 * return a {@code ResultValue} when the WIT type is a {@code result}.
 */
@FunctionalInterface
public interface HostFunction {

    Object call(List<Object> args) throws Exception;
}
