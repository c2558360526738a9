package ai.wippy.spring;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.context.TestPropertySource;

/**
 * The Spring Security set-up of the test applications: users signing in with HTTP Basic, CSRF off
 * (the tests post without a token). Import {@link SignedIn} (every exchange needs a user) or {@link
 * Open} (every exchange passes; a request with credentials is that user, one without is anonymous),
 * or build a chain with other rules with {@link #basic}; {@link Unsecured} has no sign-in at all. The classes are not {@code @Configuration},
 * so a component scan leaves them out.
 */
public final class TestSecurity {

    private TestSecurity() {}

    /** Users with a plain password, each written {@code name:password:ROLE}. */
    public static MapReactiveUserDetailsService users(String... users) {
        return new MapReactiveUserDetailsService(Arrays.stream(users)
                .map(u -> u.split(":"))
                .map(u -> User.withUsername(u[0])
                        .password("{noop}" + u[1])
                        .roles(u[2])
                        .build())
                .toList());
    }

    /** HTTP Basic without CSRF, the exchanges authorized by {@code rules}. */
    public static SecurityWebFilterChain basic(ServerHttpSecurity http, Customizer<AuthorizeExchangeSpec> rules) {
        return http.authorizeExchange(rules)
                .httpBasic(Customizer.withDefaults())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }

    /**
     * HTTP Basic without CSRF: the exchanges on {@code paths} need a signed-in user and all others pass
     * ({@code signIn} true), or the other way round.
     */
    public static SecurityWebFilterChain basic(ServerHttpSecurity http, boolean signIn, String... paths) {
        return basic(http, e -> access(access(e.pathMatchers(paths), signIn).anyExchange(), !signIn));
    }

    private static AuthorizeExchangeSpec access(AuthorizeExchangeSpec.Access exchanges, boolean signIn) {
        return signIn ? exchanges.authenticated() : exchanges.permitAll();
    }

    /** The request headers of {@code user} signing in with {@code password}. */
    public static Consumer<HttpHeaders> as(String user, String password) {
        return h -> h.setBasicAuth(user, password);
    }

    /** The request headers of an anonymous caller: none. */
    public static final Consumer<HttpHeaders> ANONYMOUS = h -> {};

    /**
     * {@link AliceAndBob}'s authorities as policy groups: ROLE_ADMIN (alice) is group admins, ROLE_USER
     * (bob) group users.
     */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @TestPropertySource(
            properties = {
                "wippy.security.authority-groups.ROLE_ADMIN=admins",
                "wippy.security.authority-groups.ROLE_USER=users"
            })
    public @interface AdminsAndUsers {}

    /** The users of most applications here: alice (password a, ROLE_ADMIN) and bob (b, ROLE_USER). */
    public static class AliceAndBob {
        @Bean
        MapReactiveUserDetailsService users() {
            return TestSecurity.users("alice:a:ADMIN", "bob:b:USER");
        }
    }

    /** Every exchange needs a signed-in user. */
    public static class SignedIn {
        @Bean
        SecurityWebFilterChain signedInChain(ServerHttpSecurity http) {
            return basic(http, e -> e.anyExchange().authenticated());
        }
    }

    /** No sign-in at all: every exchange passes, without CSRF (for applications that are not about security). */
    public static class Unsecured {
        @Bean
        SecurityWebFilterChain unsecuredChain(ServerHttpSecurity http) {
            return http.authorizeExchange(e -> e.anyExchange().permitAll())
                    .csrf(ServerHttpSecurity.CsrfSpec::disable)
                    .build();
        }
    }

    /** Every exchange passes, signed in or anonymous. */
    public static class Open {
        @Bean
        SecurityWebFilterChain openChain(ServerHttpSecurity http) {
            return basic(http, e -> e.anyExchange().permitAll());
        }
    }
}
