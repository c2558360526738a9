package ai.wippy.component.host;

/**
 * An exception a {@link WitInterface} method throws to answer {@code err(e)} where the function's WIT
 * result is {@code result<T, E>}: the method then returns the ok value itself ({@code T}, or nothing
 * for {@code result<_, E>}) and throws for the error. {@link #witError()} is the {@code E} value in
 * the form a result would give it: a variant as {@code VariantValue}, an enum case as its name, a
 * host object where {@code E} holds an {@code own<R>} (it becomes a new owned handle). Any other
 * exception, or this one where the result is not a {@code result}, traps the guest.
 */
public interface WitError {

    /** The {@code E} of {@code err(E)}. */
    Object witError();
}
