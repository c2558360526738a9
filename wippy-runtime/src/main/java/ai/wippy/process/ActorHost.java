package ai.wippy.process;

import ai.wippy.actor.ActorProcess;
import ai.wippy.actor.Message;
import ai.wippy.actor.Payload;
import ai.wippy.actor.ProcessEvent;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostInterface;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.component.host.WitError;
import ai.wippy.component.host.WitInterface;
import ai.wippy.value.VariantValue;
import ai.wippy.wasi.p2.Pollable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code wippy:actor/process@0.1.0} for {@code process.wasm} components that list {@code
 * wippy:actor} in their imports: {@code self}, {@code send}, {@code try-receive}, {@code receive}
 * (parks the guest's virtual thread) and {@code subscribe} (a level-triggered {@code wasi:io/poll}
 * pollable). A typed {@link WitInterface} host: each WIT function is the Java method of its name,
 * checked against the signature the component declares when it is linked ({@code subscribe} must
 * return an {@code own<pollable>}, {@code send} take two strings and a list). The process is the
 * one running on the calling thread; the sender PID of a message is the runtime's. Lifecycle events
 * reach the guest as messages with reserved topics: {@code @cancel} (text payload: the reason),
 * {@code @exit} and {@code @link-down} (json payload: {@code pid}, {@code entry}, {@code error}).
 */
@WitInterface(value = ActorHost.INTERFACE, uses = Pollable.class)
public final class ActorHost implements HostInterface {

    public static final String INTERFACE = "wippy:actor/process";

    private final HostInterface typed = ReflectiveHostInterface.of(this);

    @Override
    public String name() {
        return INTERFACE;
    }

    @Override
    public BoundInterface bind(HostBinding binding) {
        return typed.bind(binding);
    }

    /** The {@code err(string)} of {@code send} and {@code receive}. */
    public static final class Refused extends Exception implements WitError {
        Refused(String message) {
            super(message, null, false, false);
        }

        @Override
        public Object witError() {
            return getMessage();
        }
    }

    private static ActorProcess running() {
        ActorProcess p = ActorProcess.current();
        if (p == null) {
            throw new WippyException(
                    ErrorKind.CAPABILITY_DENIED,
                    null,
                    "wippy:actor is for process.wasm entries: this guest is not running as a process");
        }
        return p;
    }

    /** {@code self: func() -> string}: this process's PID. */
    public String self() {
        return running().pid().toString();
    }

    /** {@code send: func(target, topic, payloads) -> result<_, string>}: a refusal is the error, named by kind. */
    public void send(String target, String topic, List<VariantValue> payloads) throws Refused {
        try {
            running().send(target, topic, payloads(payloads));
        } catch (WippyException e) {
            throw new Refused(e.kind() + ": " + e.getMessage());
        }
    }

    /** {@code try-receive: func() -> option<message>}: null is none. */
    public Map<String, Object> tryReceive() {
        return next(running());
    }

    /** {@code receive: func() -> result<message, string>}: parks until a message or an event. */
    public Map<String, Object> receive() throws Refused, InterruptedException {
        ActorProcess p = running();
        while (true) {
            Map<String, Object> m = next(p);
            if (m != null) {
                return m;
            }
            Message waited = p.mailbox().receiveOr(p::eventReady);
            if (waited != null) {
                return message(waited);
            }
            if (!p.eventReady() && !p.mailbox().ready()) {
                throw new Refused("the mailbox is closed");
            }
        }
    }

    /** {@code subscribe: func() -> pollable}: ready while a message or an event waits. */
    public Pollable subscribe() {
        return new MailboxPollable(running());
    }

    /** An event first (CANCEL must not wait behind a full mailbox), then the oldest message. */
    private static Map<String, Object> next(ActorProcess p) {
        ProcessEvent e = p.pollEvent();
        if (e != null) {
            return event(e);
        }
        Message m = p.mailbox().poll();
        return m == null ? null : message(m);
    }

    private static List<Payload> payloads(List<VariantValue> raw) {
        List<Payload> out = new ArrayList<>(raw.size());
        for (VariantValue v : raw) {
            out.add(
                    switch (v.caseName()) {
                        case "bytes" -> Payload.bytes(bytes(v.payload()));
                        case "text" -> Payload.text((String) v.payload());
                        case "json" -> Payload.json((String) v.payload());
                        default ->
                            throw new WippyException(ErrorKind.INVALID, null, "unknown payload case " + v.caseName());
                    });
        }
        return out;
    }

    private static byte[] bytes(Object o) {
        if (o instanceof byte[] b) {
            return b;
        }
        List<?> l = (List<?>) o;
        byte[] b = new byte[l.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = ((Number) l.get(i)).byteValue();
        }
        return b;
    }

    private static Map<String, Object> message(Message m) {
        List<Object> payloads = new ArrayList<>(m.payloads().size());
        for (Payload p : m.payloads()) {
            payloads.add(
                    switch (p) {
                        case Payload.Bytes b -> new VariantValue("bytes", b.data());
                        case Payload.Text t -> new VariantValue("text", t.text());
                        case Payload.Json j -> new VariantValue("json", j.json());
                    });
        }
        return record(m.from() == null ? "" : m.from().toString(), m.topic(), payloads);
    }

    private static Map<String, Object> event(ProcessEvent e) {
        String from = e.from() == null ? "" : e.from().toString();
        if (e.kind() == ProcessEvent.Kind.CANCEL) {
            return record(from, "@cancel", List.of(new VariantValue("text", e.reason() == null ? "" : e.reason())));
        }
        String json = "{\"pid\":\"" + from + "\",\"entry\":" + quote(e.entryId()) + ",\"error\":"
                + (e.error() == null ? "null" : quote(e.error().getMessage())) + "}";
        String topic = e.kind() == ProcessEvent.Kind.EXIT ? "@exit" : "@link-down";
        return record(from, topic, List.of(new VariantValue("json", json)));
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static Map<String, Object> record(String from, String topic, List<Object> payloads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from);
        m.put("topic", topic);
        m.put("payloads", payloads);
        return m;
    }

    /** Ready while a message or an event waits (level-triggered). */
    static final class MailboxPollable implements Pollable {
        private final ActorProcess process;
        private CompletableFuture<Void> next;
        private final Runnable stopMailbox;
        private final Runnable stopEvents;

        MailboxPollable(ActorProcess process) {
            this.process = process;
            this.stopMailbox = process.mailbox().onChange(this::changed);
            this.stopEvents = process.onEvent(this::changed);
        }

        private void changed() {
            CompletableFuture<Void> f;
            synchronized (this) {
                f = next;
                next = null;
            }
            if (f != null) {
                f.complete(null);
            }
        }

        @Override
        public boolean ready() {
            return process.eventReady() || process.mailbox().ready();
        }

        @Override
        public CompletableFuture<?> readiness() {
            CompletableFuture<Void> f;
            synchronized (this) {
                if (next == null) {
                    next = new CompletableFuture<>();
                }
                f = next;
            }
            if (ready()) {
                f.complete(null);
            }
            return f;
        }

        @Override
        public void close() {
            stopMailbox.run();
            stopEvents.run();
        }
    }
}
