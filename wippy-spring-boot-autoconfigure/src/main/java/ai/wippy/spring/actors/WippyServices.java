package ai.wippy.spring.actors;

import ai.wippy.process.Supervisor;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@code process.service} entries with the Spring context: the {@code auto_start} ones start
 * when the context has refreshed, and all stop (reverse dependency order: CANCEL, then terminate
 * after {@code stop_timeout}) when it closes, before the runtime itself closes.
 */
public final class WippyServices implements SmartLifecycle {

    private final Supervisor supervisor;
    private volatile boolean running;

    public WippyServices(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public void start() {
        supervisor.start();
        running = true;
    }

    @Override
    public void stop() {
        supervisor.close();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
