package ai.wippy.process;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** A running (or ended) process: its pid, its exit, and a way to stop it. */
public final class ProcessHandle {

    private final ai.wippy.actor.ActorProcess actor;
    private final CompletableFuture<ProcessExit> exit = new CompletableFuture<>();
    private volatile Disposable run;

    ProcessHandle(ai.wippy.actor.ActorProcess actor) {
        this.actor = actor;
    }

    /** The PID's sequence number on its node. */
    public long pid() {
        return actor.pid().seq();
    }

    /** The full PID, naming its node: {@code {local|0x0000002a}}. */
    public ai.wippy.actor.Pid processId() {
        return actor.pid();
    }

    /** The process as the actor system sees it: mailbox, events, monitors. */
    public ai.wippy.actor.ActorProcess actor() {
        return actor;
    }

    /** The ID of the entry the process runs. */
    public String id() {
        return actor.entryId();
    }

    public boolean alive() {
        return !exit.isDone();
    }

    /** Completes with the exit event (never exceptionally: errors are inside the event). */
    public CompletableFuture<ProcessExit> exit() {
        return exit;
    }

    public Mono<ProcessExit> exitMono() {
        return Mono.fromFuture(exit, true);
    }

    /** Waits for the exit, at most {@code timeout}; null when it has not ended by then. */
    public ProcessExit await(Duration timeout) throws InterruptedException {
        try {
            return exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asks the guest to stop (its thread is interrupted); the exit event then carries CANCELED. */
    public void stop() {
        Disposable r = run;
        if (r != null) {
            r.dispose();
        }
    }

    void started(Disposable run) {
        this.run = run;
        if (exit.isDone()) {
            run.dispose();
        }
    }

    boolean complete(ProcessExit event) {
        return exit.complete(event);
    }
}
