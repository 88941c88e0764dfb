package io.agentshop.mcpedge.identity;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The edge is an OAuth resource server: every request but health carries a bearer JWT whose signature, issuer,
 * expiry and audience Spring Security checks against {@code spring.security.oauth2.resourceserver.jwt.*}. What a
 * token may do beyond that (scopes per control or tool, people versus agents) is decided where the call lands.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentitySettings.class)
public class EdgeSecurityConfiguration {

    /** The scope of the authorization server's own token when it reports a consent. */
    public static final String RECORD_DELEGATIONS = "delegations:record";

    @Bean
    SecurityFilterChain edgeSecurity(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers(HttpMethod.POST, "/internal/consents")
                        .hasAuthority("SCOPE_" + RECORD_DELEGATIONS)
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()))
                // Bearer tokens only: no session, no cookie, so no cross-site request can ride on one.
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .build();
    }
}
