package ai.wippy.spi;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where calls run. Asynchronous calls run on virtual threads, so a guest that sleeps, waits on I/O
 * or calls another function parks without holding a platform thread. Functions with a
 * {@code pool.worker_class} run on that class's own fixed set of platform threads, so long work of
 * one kind cannot starve the rest. Disposing a call's {@link Mono} interrupts its guest.
 */
public final class Dispatcher implements AutoCloseable {

    private final ExecutorService virtualThreads;
    /** Made on first use: Reactor's schedulers load a few hundred classes an application without Reactor skips. */
    private volatile Scheduler scheduler;

    private final Map<String, ExecutorService> workerClasses = new ConcurrentHashMap<>();
    private final Map<String, Integer> workerClassSizes = new ConcurrentHashMap<>();

    public Dispatcher() {
        this.virtualThreads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("wippy-", 0).factory());
    }

    /** The Reactor scheduler over the dispatcher's virtual threads. */
    public Scheduler scheduler() {
        Scheduler s = scheduler;
        if (s == null) {
            synchronized (this) {
                s = scheduler;
                if (s == null) {
                    s = Schedulers.fromExecutorService(virtualThreads, "wippy");
                    scheduler = s;
                }
            }
        }
        return s;
    }

    /** Declares a worker class of {@code threads} threads; a class declared twice keeps the larger size. */
    public void declareWorkerClass(String name, int threads) {
        workerClassSizes.merge(name, threads, Math::max);
    }

    public Map<String, Integer> workerClasses() {
        return Map.copyOf(workerClassSizes);
    }

    /** How busy a worker class is now: threads running work, and work waiting for a thread. */
    public record Load(int busy, int queued) {}

    /** The load of {@code workerClass} (zero before its first work). */
    public Load load(String workerClass) {
        ExecutorService e = workerClasses.get(workerClass);
        if (e instanceof java.util.concurrent.ThreadPoolExecutor pool) {
            return new Load(pool.getActiveCount(), pool.getQueue().size());
        }
        return new Load(0, 0);
    }

    private ExecutorService executorFor(String workerClass) {
        if (workerClass == null) {
            return virtualThreads;
        }
        return workerClasses.computeIfAbsent(workerClass, name -> {
            int size = workerClassSizes.getOrDefault(name, Runtime.getRuntime().availableProcessors());
            AtomicInteger n = new AtomicInteger();
            return Executors.newFixedThreadPool(size, r -> {
                Thread t = new Thread(r, "wippy-" + name + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        });
    }

    /** Runs {@code work} asynchronously; cancelling the subscription interrupts it. */
    public <T> Mono<T> submit(String workerClass, Callable<T> work) {
        return Mono.create(sink -> {
            Future<?> future = executorFor(workerClass).submit(() -> {
                try {
                    T value = work.call();
                    if (value == null) {
                        sink.success();
                    } else {
                        sink.success(value);
                    }
                } catch (Throwable t) {
                    sink.error(t);
                }
            });
            sink.onCancel(() -> future.cancel(true));
        });
    }

    /**
     * Runs {@code work} on a worker class's thread and waits for it; interrupting the waiting thread
     * interrupts the work.
     */
    public <T> T runOn(String workerClass, Callable<T> work) throws Exception {
        Future<T> future = executorFor(workerClass).submit(work);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new WippyException(
                    ErrorKind.CANCELED, null, "cancelled while waiting for worker class " + workerClass);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
    }

    @Override
    public void close() {
        workerClasses.values().forEach(ExecutorService::shutdownNow);
        virtualThreads.shutdownNow();
        try {
            virtualThreads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Scheduler s = scheduler;
        if (s != null) {
            s.dispose();
        }
    }
}
