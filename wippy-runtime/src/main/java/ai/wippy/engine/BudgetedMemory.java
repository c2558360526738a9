package ai.wippy.engine;

import com.dylibso.chicory.runtime.Memory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A shared guest memory (threads proposal) whose growth is charged to a {@link GuestMemoryBudget}.
 * Non-shared memories are {@link PagedMemory}, which asks the budget itself; a shared one stays
 * Chicory's own memory (its atomics and wait/notify), seen through a proxy of {@link Memory} that
 * answers {@link Memory#grow} here and hands every other call to that memory unchanged: growth asks
 * the budget first and answers -1 when it is spent.
 */
final class BudgetedMemory implements InvocationHandler {

    private static final Method GROW;

    static {
        try {
            GROW = Memory.class.getMethod("grow", int.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Memory delegate;
    private final GuestMemoryBudget.Lease lease;
    private final GuestMemoryBudget.Reservation reservation;

    private BudgetedMemory(Memory delegate, GuestMemoryBudget.Lease lease, GuestMemoryBudget.Reservation reservation) {
        this.delegate = delegate;
        this.lease = lease;
        this.reservation = reservation;
    }

    /** {@code delegate} with its growth charged to {@code reservation} of {@code lease}. */
    static Memory of(Memory delegate, GuestMemoryBudget.Lease lease, GuestMemoryBudget.Reservation reservation) {
        return (Memory) Proxy.newProxyInstance(
                Memory.class.getClassLoader(),
                new Class<?>[] {Memory.class},
                new BudgetedMemory(delegate, lease, reservation));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.equals(GROW)) {
            return grow((Integer) args[0]);
        }
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "BudgetedMemory[" + delegate + "]";
            };
        }
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private int grow(int size) {
        if (size <= 0) {
            return delegate.grow(size);
        }
        if (delegate.pages() + (long) size > delegate.maximumPages()) {
            return -1;
        }
        if (!lease.grow(reservation, size)) {
            return -1;
        }
        int previous = delegate.grow(size);
        if (previous == -1) {
            lease.ungrow(reservation, size);
        }
        return previous;
    }
}
