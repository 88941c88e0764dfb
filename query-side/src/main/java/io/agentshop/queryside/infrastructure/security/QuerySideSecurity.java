package io.agentshop.queryside.infrastructure.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.resourceserver.VerifiedTokens;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The query side is an OAuth 2.1 resource server: every API but the open paths needs a bearer JWT. Spring Boot builds
 * the decoder from {@code spring.security.oauth2.resourceserver.jwt.*} (signature from the issuer's keys, {@code iss},
 * {@code exp}/{@code nbf}, {@code aud}); this says who may read what ({@link AccessRules}) and how refusals look
 * ({@link SecurityProblems}). Only for the web server: {@code verify-audit} and {@code migrate-audit} start none.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class QuerySideSecurity {

    /** No span per security filter and decision: it costs CPU on every request and tells nothing the request's does not. */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** The decoder Spring Boot configures from {@code spring.security.oauth2.resourceserver.jwt.*}, remembering. */
    @Bean
    static BeanPostProcessor verifiedTokens() {
        return VerifiedTokens.rememberingDecoders();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, SecuritySettings settings, ObjectMapper json,
                            @Value("${agentshop.security.issuer-uri}") String issuer) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        SecurityProblems problems = new SecurityProblems(AccessRules.RULES.stream()
                .map(rule -> new SecurityProblems.Needs(paths.matcher(rule.pattern()), rule.needs())).toList(), json);
        http.authorizeHttpRequests(requests -> {
                    // An error page belongs to a request already decided on: show it, do not turn it into a 401/403.
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    AccessRules.OPEN.forEach(path -> requests.requestMatchers(paths.matcher(path)).permitAll());
                    AccessRules.RULES.forEach(rule -> requests.requestMatchers(paths.matcher(rule.pattern()))
                            .access(rule.check()));
                    requests.anyRequest().denyAll();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(new TokenAuthorities(settings)))
                        // RFC 9728, served by Spring Security at /.well-known/oauth-protected-resource and named in
                        // every 401: which issuer's tokens this API takes, sent how. (No mTLS-bound tokens here.)
                        .protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(
                                resource -> resource.authorizationServer(issuer)
                                        .tlsClientCertificateBoundAccessTokens(false)
                                        .resourceName("Agent Shop query side")))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                // A bearer-token API: no sessions, no cookies to forge requests with, no login pages.
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable);
        return http.build();
    }
}
