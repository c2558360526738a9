package ai.wippy.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pools on their own, with plain Java instances: each instance is a counter object. */
class PoolBehaviourTest {

    static final class Counter {
        final int serial;
        int uses;

        Counter(int serial) {
            this.serial = serial;
        }
    }

    static final class Factory implements InstanceFactory<Counter> {
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger destroyed = new AtomicInteger();

        @Override
        public Counter create() {
            return new Counter(created.incrementAndGet());
        }

        @Override
        public void destroy(Counter instance) {
            destroyed.incrementAndGet();
        }
    }

    static PoolConfig config(PoolType type, int size, int max, int buffer, Duration wait, Duration idle) {
        return new PoolConfig(
                type, size, 1, max, type == PoolType.STATIC ? size : max, buffer, wait, idle, null, false);
    }

    @Test
    void everyCallIsAnsweredExactlyOnceUnderConcurrency() throws Exception {
        Factory factory = new Factory();
        try (InstancePool<Counter> pool = Pools.create(
                "t:f", factory, config(PoolType.LAZY, 0, 4, 10_000, Duration.ofSeconds(30), Duration.ofSeconds(60)))) {
            Set<Integer> answered = ConcurrentHashMap.newKeySet();
            AtomicInteger duplicates = new AtomicInteger();
            Set<Counter> inUse = ConcurrentHashMap.newKeySet();
            AtomicInteger overlapping = new AtomicInteger();
            try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < 5_000; i++) {
                    int n = i;
                    futures.add(exec.submit(() -> pool.execute(
                            c -> {
                                if (!inUse.add(c)) {
                                    overlapping.incrementAndGet();
                                }
                                c.uses++;
                                Thread.yield();
                                inUse.remove(c);
                                if (!answered.add(n)) {
                                    duplicates.incrementAndGet();
                                }
                                return n;
                            },
                            0L)));
                }
                for (Future<?> f : futures) {
                    f.get(30, TimeUnit.SECONDS);
                }
            }
            assertThat(answered).hasSize(5_000);
            assertThat(duplicates).hasValue(0);
            assertThat(overlapping)
                    .as("an instance is never lent to two calls at once")
                    .hasValue(0);
            assertThat(factory.created.get()).isLessThanOrEqualTo(4);
            assertThat(pool.stats().busy()).isZero();
        }
    }

    @Test
    void anInstanceWhoseCallFailedIsDiscardedNeverReused() throws Exception {
        Factory factory = new Factory();
        try (InstancePool<Counter> pool = Pools.create(
                "t:f", factory, config(PoolType.STATIC, 1, 1, 10, Duration.ofSeconds(1), Duration.ofSeconds(60)))) {
            int first = pool.execute(c -> c.serial, 0L);
            assertThatThrownBy(() -> pool.execute(
                            c -> {
                                throw new IllegalStateException("trap");
                            },
                            0L))
                    .hasMessage("trap");
            int next = pool.execute(c -> c.serial, 0L);
            assertThat(next).isNotEqualTo(first);
            assertThat(pool.stats().discarded()).isEqualTo(1);
            assertThat(factory.destroyed).hasValue(1);
        }
    }

    @Test
    void aFullPoolWithAFullQueueRejectsAsSaturated() throws Exception {
        Factory factory = new Factory();
        try (InstancePool<Counter> pool = Pools.create(
                "t:slow", factory, config(PoolType.STATIC, 1, 1, 1, Duration.ofSeconds(5), Duration.ofSeconds(60)))) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<Integer> busy = exec.submit(() -> pool.execute(
                        c -> {
                            holding.countDown();
                            release.await();
                            return 1;
                        },
                        0L));
                holding.await();
                Future<Integer> queued = exec.submit(() -> pool.execute(c -> 2, 0L));
                while (pool.stats().queued() == 0) {
                    Thread.sleep(1);
                }
                assertThatThrownBy(() -> pool.execute(c -> 3, 0L))
                        .isInstanceOfSatisfying(
                                WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.SATURATED))
                        .hasMessageContaining("pool saturated")
                        .hasMessageContaining("queue of 1 waiting calls is full");
                release.countDown();
                assertThat(busy.get()).isEqualTo(1);
                assertThat(queued.get()).as("the queued call still runs").isEqualTo(2);
            }
            assertThat(pool.stats().rejected()).isEqualTo(1);
        }
    }

    @Test
    void waitingTooLongIsRejectedAsSaturated() throws Exception {
        try (InstancePool<Counter> pool = Pools.create(
                "t:f", new Factory(), config(PoolType.LAZY, 0, 1, 10, Duration.ofMillis(50), Duration.ofSeconds(60)))) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    pool.execute(
                            c -> {
                                holding.countDown();
                                release.await();
                                return null;
                            },
                            0L);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            holding.await();
            assertThatThrownBy(() -> pool.execute(c -> 1, 0L))
                    .isInstanceOfSatisfying(
                            WippyException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.SATURATED))
                    .hasMessageContaining("stayed busy");
            release.countDown();
            t.join();
        }
    }

    @Test
    void idleLazyInstancesAreReclaimed() throws Exception {
        Factory factory = new Factory();
        try (InstancePool<Counter> pool = Pools.create(
                "t:f", factory, config(PoolType.LAZY, 0, 4, 10, Duration.ofSeconds(1), Duration.ofMillis(50)))) {
            assertThat(pool.stats().idle()).as("lazy: nothing at start").isZero();
            pool.execute(c -> 1, 0L);
            assertThat(pool.stats().idle()).isEqualTo(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (pool.stats().idle() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(pool.stats().idle()).isZero();
            assertThat(pool.stats().reclaimed()).isEqualTo(1);
            assertThat(factory.destroyed).hasValue(1);
        }
    }

    @Test
    void staticPoolsCreateTheirInstancesUpFrontAndKeepThem() throws Exception {
        Factory factory = new Factory();
        try (InstancePool<Counter> pool = Pools.create(
                "t:f", factory, config(PoolType.STATIC, 3, 3, 10, Duration.ofSeconds(1), Duration.ofMillis(10)))) {
            assertThat(factory.created.get())
                    .as("the first at once, the others in the background")
                    .isBetween(1, 3);
            assertThat(pool.awaitFilled(Duration.ofSeconds(10))).isTrue();
            assertThat(factory.created).hasValue(3);
            assertThat(pool.stats().idle()).isEqualTo(3);
            Thread.sleep(100);
            assertThat(pool.stats().idle())
                    .as("static pools are never reclaimed")
                    .isEqualTo(3);
        }
        assertThat(factory.destroyed).as("closing destroys them").hasValue(3);
    }

    @Test
    void adaptivePoolsKeepTheirFloorWarmAndShrinkToDemand() throws Exception {
        Factory factory = new Factory();
        PoolConfig cfg = new PoolConfig(
                PoolType.ADAPTIVE, 0, 2, 8, 8, 100, Duration.ofSeconds(1), Duration.ofMillis(40), null, false);
        try (InstancePool<Counter> pool = Pools.create("t:f", factory, cfg)) {
            assertThat(pool.awaitFilled(Duration.ofSeconds(10))).isTrue();
            assertThat(pool.stats().idle()).as("floor created at start").isEqualTo(2);
            CountDownLatch all = new CountDownLatch(6);
            CountDownLatch release = new CountDownLatch(1);
            try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 6; i++) {
                    exec.submit(() -> pool.execute(
                            c -> {
                                all.countDown();
                                release.await();
                                return null;
                            },
                            0L));
                }
                all.await();
                assertThat(pool.stats().busy()).isEqualTo(6);
                release.countDown();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (pool.stats().idle() > 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(pool.stats().idle()).as("back to the floor once idle").isEqualTo(2);
        }
    }

    @Test
    void inlinePoolsUseAFreshInstancePerCall() throws Exception {
        Factory factory = new Factory();
        try (InstancePool<Counter> pool = Pools.create(
                "t:f",
                factory,
                new PoolConfig(PoolType.INLINE, 0, 0, 0, 1, 0, Duration.ZERO, Duration.ZERO, null, false))) {
            int a = pool.execute(c -> c.serial, 0L);
            int b = pool.execute(c -> c.serial, 0L);
            assertThat(a).isNotEqualTo(b);
            assertThat(factory.destroyed).hasValue(2);
            assertThat(pool.stats().max()).isEqualTo(-1);
        }
    }

    /** Makes its first instance at once, then waits for the latch for every other one. */
    static final class GatedFactory implements InstanceFactory<Counter> {
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger destroyed = new AtomicInteger();
        final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        volatile boolean failLater;

        @Override
        public Counter create() {
            if (created.get() > 0) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (failLater) {
                    throw new IllegalStateException("cannot make another instance");
                }
            }
            return new Counter(created.incrementAndGet());
        }

        @Override
        public void destroy(Counter instance) {
            destroyed.incrementAndGet();
        }
    }

    @Test
    void aStaticPoolMakesItsFirstInstanceAtBootAndTheRestInTheBackground() throws Exception {
        GatedFactory factory = new GatedFactory();
        try (InstancePool<Counter> pool = Pools.create(
                "t:f", factory, config(PoolType.STATIC, 4, 4, 10, Duration.ofSeconds(5), Duration.ofMillis(10)))) {
            // the boot is not held up by the other three
            assertThat(factory.created).hasValue(1);
            assertThat(pool.<Integer>execute(c -> c.serial, 0L))
                    .as("a call is served meanwhile")
                    .isEqualTo(1);
            assertThat(pool.awaitFilled(Duration.ofMillis(50))).isFalse();
            factory.gate.countDown();
            assertThat(pool.awaitFilled(Duration.ofSeconds(10))).isTrue();
            assertThat(factory.created).hasValue(4);
            assertThat(pool.stats().idle())
                    .as("the fill stops at the pool's size")
                    .isEqualTo(4);
        }
        assertThat(factory.destroyed).hasValue(4);
    }

    @Test
    void aBackgroundFillThatFailsLeavesThePoolServingOnDemand() throws Exception {
        GatedFactory factory = new GatedFactory();
        factory.failLater = true;
        factory.gate.countDown();
        try (InstancePool<Counter> pool = Pools.create(
                "t:f", factory, config(PoolType.STATIC, 3, 3, 10, Duration.ofSeconds(5), Duration.ofMillis(10)))) {
            assertThat(pool.awaitFilled(Duration.ofSeconds(10))).isTrue();
            assertThat(pool.stats().idle()).as("only the first could be made").isEqualTo(1);
            assertThat(pool.<Integer>execute(c -> c.serial, 0L)).isEqualTo(1);
        }
        assertThat(factory.destroyed).hasValue(1);
    }

    @Test
    void closingDuringTheFillLeavesNoInstanceBehind() throws Exception {
        GatedFactory factory = new GatedFactory();
        InstancePool<Counter> pool = Pools.create(
                "t:f", factory, config(PoolType.STATIC, 5, 5, 10, Duration.ofSeconds(5), Duration.ofMillis(10)));
        pool.close();
        factory.gate.countDown();
        assertThat(pool.awaitFilled(Duration.ofSeconds(10))).isTrue();
        assertThat(factory.destroyed.get())
                .as("every instance made is destroyed")
                .isEqualTo(factory.created.get());
    }

    /** A static pool of one whose instance sits in the hot slot (one call made and given back). */
    private static InstancePool<Counter> warmPoolOfOne(Factory factory) throws Exception {
        InstancePool<Counter> pool = Pools.create(
                "t:f", factory, config(PoolType.STATIC, 1, 1, 10, Duration.ofSeconds(30), Duration.ofSeconds(60)));
        pool.execute(c -> c.serial, 0L);
        return pool;
    }

    /** A call that holds an instance of {@code pool} until {@code release} opens; returned once it runs. */
    private static Future<Long> holding(InstancePool<Counter> pool, ExecutorService exec, CountDownLatch release)
            throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        Future<Long> held = exec.submit(() -> pool.executeScalar(
                (c, args) -> {
                    holding.countDown();
                    release.await();
                    return c.serial;
                },
                new long[0],
                0L));
        holding.await();
        return held;
    }

    @Test
    void aCallWaitingForTheInstanceOfTheHotSlotGetsItWhenItIsGivenBack() throws Exception {
        Factory factory = new Factory();
        try (InstancePool<Counter> pool = warmPoolOfOne(factory);
                ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 200; round++) {
                CountDownLatch release = new CountDownLatch(1);
                Future<Long> held = holding(pool, exec, release);
                Future<Long> waiter = exec.submit(() -> pool.executeScalar((c, args) -> c.serial, new long[0], 0L));
                while (pool.stats().queued() == 0 && !waiter.isDone()) {
                    Thread.onSpinWait();
                }
                release.countDown();
                assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(1L);
                assertThat(waiter.get(30, TimeUnit.SECONDS))
                        .as("round %d: the waiting call runs on the one instance", round)
                        .isEqualTo(1L);
            }
            assertThat(factory.created).hasValue(1);
            assertThat(pool.stats().idle()).isEqualTo(1);
        }
    }

    @Test
    void closingWhileACallHoldsTheHotSlotDestroysItsInstanceWhenItComesBack() throws Exception {
        Factory factory = new Factory();
        InstancePool<Counter> pool = warmPoolOfOne(factory);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Long> held = holding(pool, exec, release);
            pool.close();
            assertThatThrownBy(() -> pool.executeScalar((c, args) -> 1L, new long[0], 0L))
                    .isInstanceOf(PoolClosedException.class);
            release.countDown();
            assertThat(held.get(30, TimeUnit.SECONDS))
                    .as("the call in flight finishes")
                    .isEqualTo(1L);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (factory.destroyed.get() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(factory.destroyed).as("the instance the call gave back").hasValue(1);
        assertThat(pool.stats().idle()).isZero();
    }

    @Test
    void aFailedCallOnTheHotSlotDiscardsItsInstance() throws Exception {
        Factory factory = new Factory();
        try (InstancePool<Counter> pool = warmPoolOfOne(factory)) {
            assertThatThrownBy(() -> pool.executeScalar(
                            (c, args) -> {
                                throw new IllegalStateException("trap");
                            },
                            new long[0],
                            0L))
                    .hasMessage("trap");
            assertThat(pool.executeScalar((c, args) -> c.serial, new long[0], 0L))
                    .as("a new instance")
                    .isEqualTo(2L);
            assertThat(pool.stats().discarded()).isEqualTo(1);
            assertThat(factory.destroyed).hasValue(1);
        }
    }
}
