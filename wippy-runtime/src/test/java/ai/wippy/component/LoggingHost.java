package ai.wippy.component;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@code log: func(msg: string)} the test hosts share: a {@code @WitInterface} bean extending it serves
 * {@code log} with this public method (the reflective host takes inherited public methods) and keeps each message.
 */
public abstract class LoggingHost {

    /** The messages logged, in order. */
    public final List<String> logs = new CopyOnWriteArrayList<>();

    public void log(String msg) {
        logs.add(msg);
    }
}
