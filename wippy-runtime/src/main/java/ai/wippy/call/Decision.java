package ai.wippy.call;

/** The outcome of evaluating a scope: any deny wins, otherwise one allow is needed. */
public enum Decision {
    ALLOW,
    DENY,
    UNDEFINED
}
