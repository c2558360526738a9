package ai.wippy.http;

import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.EntryHandler;
import ai.wippy.spi.LoadContext;
import java.util.Locale;
import java.util.Set;

/** Loads {@code http.endpoint} entries after the functions they call. */
public final class HttpEndpointHandler implements EntryHandler {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
    static final ai.wippy.registry.FieldSet SPEC = ai.wippy.registry.FieldSet.closed(
            ai.wippy.registry.FieldSet.Field.string("method", "the HTTP method")
                    .asRequired()
                    .oneOf("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"),
            ai.wippy.registry.FieldSet.Field.string("path", "the route, such as /users/{id}")
                    .asRequired(),
            ai.wippy.registry.FieldSet.Field.string("func", "the function entry that answers (or process)"),
            ai.wippy.registry.FieldSet.Field.string(
                    "process",
                    "the process.service whose actor answers: the request is a message, the reply the response"),
            ai.wippy.registry.FieldSet.Field.string("topic", "with process: the topic of the message (default http)"),
            ai.wippy.registry.FieldSet.Field.of(
                    "timeout",
                    ai.wippy.registry.FieldSet.Type.DURATION,
                    "with process: how long to wait for the reply (default 30s)"));
    private static final Set<String> FIELDS = SPEC.names();

    @Override
    public java.util.List<ai.wippy.registry.KindSpec> specs() {
        return java.util.List.of(
                new ai.wippy.registry.KindSpec("http.endpoint", "an HTTP route served by a function", SPEC));
    }

    @Override
    public Set<String> kinds() {
        return Set.of("http.endpoint");
    }

    @Override
    public int order() {
        return CONSUMERS;
    }

    @Override
    public void load(RegistryEntry entry, LoadContext context) {
        for (String f : entry.fields().keySet()) {
            if (!FIELDS.contains(f)) {
                throw entry.error(f, "unknown field for kind http.endpoint; known: " + new java.util.TreeSet<>(FIELDS));
            }
        }
        String method = entry.requiredString("method").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw entry.error(
                    "method", "'" + entry.string("method") + "' is not one of " + new java.util.TreeSet<>(METHODS));
        }
        String path = entry.requiredString("path");
        if (!path.startsWith("/")) {
            throw entry.error("path", "'" + path + "' must start with /");
        }
        boolean hasFunc = entry.string("func") != null;
        boolean hasProcess = entry.string("process") != null;
        if (hasFunc == hasProcess) {
            throw entry.error(
                    hasFunc ? "process" : "func",
                    "name what answers: either func (a function entry) or process (a process.service), not "
                            + (hasFunc ? "both" : "neither"));
        }
        if (hasProcess) {
            RegistryEntry service = context.registry().require(entry, "process", entry.string("process"));
            if (!service.kind().equals("process.service")) {
                throw entry.error(
                        "process",
                        "refers to '" + service.id() + "' of kind " + service.kind()
                                + ", which is not a process.service (the actor must be running to be sent to)");
            }
            String topic = entry.string("topic") == null ? "http" : entry.string("topic");
            if (topic.isBlank() || topic.startsWith("@")) {
                throw entry.error("topic", "'" + topic + "' is not a topic an endpoint may send (empty or reserved @)");
            }
            java.time.Duration timeout = entry.fields().containsKey("timeout")
                    ? ai.wippy.registry.Durations.parse(entry.fields().get("timeout"))
                    : java.time.Duration.ofSeconds(30);
            context.putResource(
                    entry.id(),
                    new HttpEndpoint(
                            entry.id(),
                            method,
                            path,
                            null,
                            HttpEndpoint.ACTOR,
                            service.id().toString(),
                            topic,
                            timeout));
            return;
        }
        for (String f : java.util.List.of("topic", "timeout")) {
            if (entry.fields().containsKey(f)) {
                throw entry.error(f, "only an endpoint with process takes " + f);
            }
        }
        RegistryEntry target = context.registry().require(entry, "func", entry.requiredString("func"));
        if (!target.kind().startsWith("function.")) {
            throw entry.error(
                    "func", "refers to '" + target.id() + "' of kind " + target.kind() + ", which is not a function");
        }
        String transport = target.string("transport") == null ? HttpEndpoint.PAYLOAD : target.string("transport");
        context.putResource(
                entry.id(),
                new HttpEndpoint(entry.id(), method, path, target.id().toString(), transport));
    }
}
