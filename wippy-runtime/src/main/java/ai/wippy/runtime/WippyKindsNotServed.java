package ai.wippy.runtime;

import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.EntryHandler;
import ai.wippy.spi.LoadContext;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wippy's documented entry kinds that this runtime does not serve (its own HTTP server and routers,
 * process.lua actors, workflows, SQL, queues, stores, templates, executors...). A Wippy project's
 * {@code _index.yaml} files boot with them: each such entry is skipped with one INFO line, and what
 * refers to it by meta (an endpoint's {@code meta.router}) is not affected. A kind outside this list
 * and outside the handlers still stops the boot, so a typo is never silently ignored. A handler
 * registered for one of these kinds (a bean, a builder handler, {@link java.util.ServiceLoader})
 * takes precedence.
 */
final class WippyKindsNotServed implements EntryHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WippyKindsNotServed.class);

    static final Set<String> KINDS = Set.of(
            "process.lua",
            "workflow.lua",
            "module.lua",
            "function.lua.bc",
            "library.lua.bc",
            "process.lua.bc",
            "workflow.lua.bc",
            "http.service",
            "http.router",
            "http.static",
            "db.sql.sqlite",
            "db.sql.postgres",
            "db.sql.mysql",
            "db.cdc.postgres",
            "store.memory",
            "store.sql",
            "store.kv.raft",
            "store.kv.crdt",
            "queue.driver.memory",
            "queue.driver.amqp",
            "queue.driver.sqs",
            "queue.queue",
            "queue.consumer",
            "process.service",
            "pg.scope",
            "temporal.client",
            "temporal.worker",
            "config.aws",
            "cloudstorage.s3",
            "env.storage.memory",
            "env.storage.file",
            "env.storage.router",
            "template.jet",
            "template.set",
            "security.policy.expr",
            "security.token_store",
            "contract.definition",
            "contract.binding",
            "exec.native",
            "exec.docker",
            "network",
            "network.socks5",
            "network.i2p",
            "network.tailscale",
            "registry.entry",
            "ns.definition",
            "ns.requirement",
            "ns.dependency");

    @Override
    public Set<String> kinds() {
        return KINDS;
    }

    @Override
    public int order() {
        return RESOURCES;
    }

    @Override
    public void load(RegistryEntry entry, LoadContext context) {
        LOG.info(
                "{}: entry '{}' of Wippy kind {} is not served by this runtime; skipped",
                entry.file(),
                entry.id(),
                entry.kind());
    }
}
