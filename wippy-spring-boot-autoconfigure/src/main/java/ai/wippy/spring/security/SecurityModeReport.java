package ai.wippy.spring.security;

import ai.wippy.call.CallContextProvider;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.WippySecurityProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Says once, at boot, how calls are identified and what the policies do to calls that have no
 * identity, so that nobody has to guess whether an anonymous caller passes.
 */
record SecurityModeReport(
        boolean springSecurity,
        WippySecurityProperties properties,
        ObjectProvider<WasmRegistry> registry,
        ObjectProvider<CallContextProvider> provider,
        boolean propagation)
        implements SmartInitializingSingleton {

    private static final Log LOG = LogFactory.getLog("ai.wippy.security");

    @Override
    public void afterSingletonsInstantiated() {
        WasmRegistry r = registry.getIfAvailable();
        if (r == null) {
            return;
        }
        int policies = r.policies().policies().size();
        if (springSecurity) {
            reportWithSpringSecurity(r, policies);
        } else {
            reportWithoutSpringSecurity(r, policies);
        }
    }

    private void reportWithSpringSecurity(WasmRegistry r, int policies) {
        String outside = blank(properties.systemActor())
                ? "have no actor"
                : "run as actor '" + properties.systemActor() + "' with groups " + properties.systemGroups()
                        + " (wippy.security.system-actor)";
        String sync = propagation
                ? ""
                : "; io.micrometer:context-propagation is not on the classpath, so synchronous calls inside WebFlux"
                        + " requests cannot see the caller and are treated as calls made outside any request";
        if (policies == 0) {
            LOG.info("Wippy security: no security.policy entries are loaded, so calls with no actor or no scope pass"
                    + (properties.strict() ? " only if wippy.security.strict=false (it is true: they are denied)" : "")
                    + "; anonymous requests run as actor 'anonymous'; calls made outside any request " + outside
                    + sync);
            return;
        }
        String head = "Wippy security: " + policies + " security.policy entr" + (policies == 1 ? "y is" : "ies are")
                + " in force; anonymous requests run as actor 'anonymous' with groups "
                + properties.anonymousGroups()
                + " (wippy.security.anonymous-groups); calls made outside any request " + outside + "; ";
        if (properties.strict()) {
            LOG.info(head + "calls with no actor or no scope are denied (wippy.security.strict=true)"
                    + (properties.allowUnscoped()
                            ? "; wippy.security.allow-unscoped=true is ignored under wippy.security.strict=true"
                            : "")
                    + sync);
        } else if (properties.allowUnscoped() || !r.accessGuard().deniesUnscoped()) {
            LOG.warn(head + "calls with no actor or no scope PASS the policies unchecked"
                    + " (wippy.security.allow-unscoped=true)" + sync);
        } else {
            LOG.info(head + "calls with no actor or no scope are denied"
                    + " (wippy.security.allow-unscoped=true lets them pass)" + sync);
        }
    }

    private void reportWithoutSpringSecurity(WasmRegistry r, int policies) {
        CallContextProvider own = provider.getIfAvailable();
        if (own != null) {
            LOG.info("Wippy security: Spring Security is not on the classpath; calls take their identity from the"
                    + " CallContextProvider bean " + own.getClass().getName()
                    + ignored() + "; " + policies + " security.policy entries");
            return;
        }
        String fate = properties.strict()
                ? "wippy.security.strict=true denies every call made from application code"
                : "anonymous callers pass";
        String message = "Wippy security: Spring Security is not on the classpath, so calls made from application code"
                + " have no actor: the " + policies + " security.policy entr" + (policies == 1 ? "y is" : "ies are")
                + " not enforced for anonymous callers (" + fate + ")" + ignored();
        if (policies > 0 || !blank(properties.systemActor()) || properties.strict()) {
            LOG.warn(message);
        } else {
            LOG.info(message);
        }
    }

    private String ignored() {
        StringBuilder out = new StringBuilder();
        if (!blank(properties.systemActor())) {
            out.append("; wippy.security.system-actor '")
                    .append(properties.systemActor())
                    .append("' is ignored without Spring Security");
        }
        if (!properties.anonymousGroups().isEmpty()
                || !properties.authorityGroups().isEmpty()
                || !properties.defaultGroups().isEmpty()) {
            out.append("; wippy.security.*-groups are ignored without Spring Security");
        }
        return out.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
