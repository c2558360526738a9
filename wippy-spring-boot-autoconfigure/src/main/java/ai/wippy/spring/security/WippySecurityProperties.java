package ai.wippy.spring.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** How Spring Security identities become actors and scopes, under {@code wippy.security.*}. */
@ConfigurationProperties("wippy.security")
public class WippySecurityProperties {

    /** Deny calls that have no actor or no scope (anonymous, or made outside any request without a system actor). */
    private boolean strict;

    /** The actor ID of calls made outside any request (schedulers, startup code); none when empty. */
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
