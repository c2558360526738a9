package ai.wippy.wasi.p2.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/** The body a guest writes reaches the network in order, and never deadlocks with the network's own locks. */
class BodyOutputTest {

    @Test
    void aSubscriberHoldingItsLockWhileRequestingDoesNotDeadlockAGuestWrite() throws Exception {
        BodyOutput body = new BodyOutput();
        ReentrantLock networkLock = new ReentrantLock();
        CountDownLatch inOnNext = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        List<String> received = new CopyOnWriteArrayList<>();
        BaseSubscriber<byte[]> network = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription s) {
                request(1);
            }

            @Override
            protected void hookOnNext(byte[] chunk) {
                inOnNext.countDown();
                networkLock.lock(); // like Netty's write barrier, held by another thread right now
                try {
                    received.add(new String(chunk));
                } finally {
                    networkLock.unlock();
                }
            }

            @Override
            protected void hookOnComplete() {
                done.countDown();
            }
        };
        body.flux().subscribe(network);

        Thread netty = new Thread(() -> {
            networkLock.lock();
            try {
                inOnNext.await(5, TimeUnit.SECONDS);
                network.request(10); // asks for more while holding its lock, as a flush completion does
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                networkLock.unlock();
            }
        });
        netty.start();
        Thread guest = Thread.ofVirtual().start(() -> {
            try {
                body.write("one".getBytes());
                body.write("two".getBytes());
                body.complete();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(done.await(5, TimeUnit.SECONDS))
                .as("the body completes: no deadlock")
                .isTrue();
        guest.join(1000);
        netty.join(1000);
        assertThat(received).containsExactly("one", "two");
    }

    @Test
    void chunksKeepTheirOrderWhenTheNetworkAsksFromAnotherThread() throws Exception {
        BodyOutput body = new BodyOutput();
        List<String> received = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        BaseSubscriber<byte[]> network = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription s) {}

            @Override
            protected void hookOnNext(byte[] chunk) {
                received.add(new String(chunk));
            }

            @Override
            protected void hookOnComplete() {
                done.countDown();
            }
        };
        body.flux().subscribe(network);
        Thread asker = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 1000; i++) {
                network.request(1);
                Thread.onSpinWait();
            }
        });
        for (int i = 0; i < 1000; i++) {
            body.write(String.valueOf(i).getBytes());
        }
        body.complete();
        asker.join();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(received).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(received.get(i)).isEqualTo(String.valueOf(i));
        }
    }
}
