package ai.wippy.security;

/** The outcome of evaluating a scope: any deny wins, otherwise one allow is needed. */
public enum Decision {
    ALLOW,
    DENY,
    UNDEFINED
}
