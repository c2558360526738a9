package ai.wippy.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** How Spring Security identities become actors and scopes, under {@code wippy.security.*}. */
@ConfigurationProperties("wippy.security")
public class WippySecurityProperties {

    /** Deny calls that have no actor or no scope (made outside any request without a system actor), with or without policies. */
    private boolean strict;

    /**
     * Let calls that have no actor or no scope pass while security.policy entries are loaded (by default they
     * are denied); strict wins over it.
     */
    private boolean allowUnscoped;

    /** Policy groups of anonymous requests (actor "anonymous"); none by default, so policies deny them everything. */
    private List<String> anonymousGroups = new ArrayList<>();

    /** The actor ID of calls made outside any request (schedulers, start-up code, CLI), never of anonymous requests; none when empty. */
    private String systemActor;

    /** Policy groups of the system actor. */
    private List<String> systemGroups = new ArrayList<>();

    /** Policy groups every authenticated caller is in. */
    private List<String> defaultGroups = new ArrayList<>();

    /** Policy groups by granted authority, e.g. wippy.security.authority-groups.ROLE_ADMIN=admins. */
    private Map<String, List<String>> authorityGroups = new LinkedHashMap<>();

    public boolean isStrict() {
        return strict;
    }

    public void setStrict(boolean strict) {
        this.strict = strict;
    }

    public boolean isAllowUnscoped() {
        return allowUnscoped;
    }

    public void setAllowUnscoped(boolean allowUnscoped) {
        this.allowUnscoped = allowUnscoped;
    }

    public List<String> getAnonymousGroups() {
        return anonymousGroups;
    }

    public void setAnonymousGroups(List<String> anonymousGroups) {
        this.anonymousGroups = anonymousGroups;
    }

    public String getSystemActor() {
        return systemActor;
    }

    public void setSystemActor(String systemActor) {
        this.systemActor = systemActor;
    }

    public List<String> getSystemGroups() {
        return systemGroups;
    }

    public void setSystemGroups(List<String> systemGroups) {
        this.systemGroups = systemGroups;
    }

    public List<String> getDefaultGroups() {
        return defaultGroups;
    }

    public void setDefaultGroups(List<String> defaultGroups) {
        this.defaultGroups = defaultGroups;
    }

    public Map<String, List<String>> getAuthorityGroups() {
        return authorityGroups;
    }

    public void setAuthorityGroups(Map<String, List<String>> authorityGroups) {
        this.authorityGroups = authorityGroups;
    }
}
