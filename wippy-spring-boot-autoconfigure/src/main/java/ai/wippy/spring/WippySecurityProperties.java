package ai.wippy.spring;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Spring Security identities become actors and scopes, under {@code wippy.security.*}.
 *
 * @param strict Deny calls that have no actor or no scope (made outside any request without a system
 *     actor), with or without policies.
 * @param allowUnscoped Let calls that have no actor or no scope pass while security.policy entries are
 *     loaded (by default they are denied); strict wins over it.
 * @param anonymousGroups Policy groups of anonymous requests (actor "anonymous"); none by default, so
 *     policies deny them everything.
 * @param systemActor The actor ID of calls made outside any request (schedulers, start-up code, CLI),
 *     never of anonymous requests; none when empty.
 * @param systemGroups Policy groups of the system actor.
 * @param defaultGroups Policy groups every authenticated caller is in.
 * @param authorityGroups Policy groups by granted authority, e.g.
 *     wippy.security.authority-groups.ROLE_ADMIN=admins.
 */
@ConfigurationProperties("wippy.security")
public record WippySecurityProperties(
        boolean strict,
        boolean allowUnscoped,
        @DefaultValue List<String> anonymousGroups,
        String systemActor,
        @DefaultValue List<String> systemGroups,
        @DefaultValue List<String> defaultGroups,
        @DefaultValue Map<String, List<String>> authorityGroups) {}
