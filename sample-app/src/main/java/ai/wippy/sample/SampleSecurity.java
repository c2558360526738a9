package ai.wippy.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The sample's Spring Security setup: {@code /secure/**} needs a login (HTTP basic), everything else
 * is public. Users come from {@code sample.users} in application.yaml; their authorities become policy
 * groups through {@code wippy.security.authority-groups}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SampleSecurity.Users.class)
public class SampleSecurity {

    @ConfigurationProperties("sample")
    public record Users(Map<String, Account> users) {
        public record Account(String password, List<String> roles) {}

        public Users {
            users = users == null ? new LinkedHashMap<>() : users;
        }
    }

    @Bean
    SecurityWebFilterChain sampleSecurityChain(ServerHttpSecurity http) {
        return http.authorizeExchange(e -> e.pathMatchers("/secure/**")
                        .authenticated()
                        .anyExchange()
                        .permitAll())
                .httpBasic(Customizer.withDefaults())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }

    @Bean
    MapReactiveUserDetailsService sampleUsers(Users users) {
        List<UserDetails> details = new ArrayList<>();
        users.users()
                .forEach((name, account) -> details.add(User.withUsername(name)
                        .password("{noop}" + account.password())
                        .roles(account.roles().toArray(String[]::new))
                        .build()));
        return new MapReactiveUserDetailsService(details);
    }
}
