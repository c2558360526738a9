package ai.wippy.fuzz;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Optional;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The budget of a fuzzing property: a fixed seed and the tries written on the property in the normal
 * build, so every run checks the same cases; {@code -Dwippy.fuzz.tries=N} runs N tries of each instead
 * and {@code -Dwippy.fuzz.seed=S} another seed ({@code -Dwippy.fuzz.seed=random} a fresh one).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@AddLifecycleHook(FuzzBudget.Hook.class)
public @interface FuzzBudget {

    /** The seed of the normal build. */
    String SEED = "20261201";

    final class Hook implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            Integer tries = Integer.getInteger("wippy.fuzz.tries");
            if (tries != null && tries > 0) {
                context.attributes().setTries(tries);
            }
            String seed = System.getProperty("wippy.fuzz.seed", SEED);
            if (!seed.equals("random")) {
                context.attributes().setSeed(seed);
            }
            return property.execute();
        }

        /** Registered on a class, the hook reaches the properties inside it. */
        @Override
        public PropagationMode propagateTo() {
            return PropagationMode.ALL_DESCENDANTS;
        }

        /** Properties only (methods), not the class itself. */
        @Override
        public boolean appliesTo(Optional<AnnotatedElement> element) {
            return element.map(e -> e instanceof Method).orElse(false);
        }

        @Override
        public int aroundPropertyProximity() {
            // outside jqwik's own defaults hook, so what is set here wins
            return -100;
        }
    }
}
