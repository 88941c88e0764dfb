package io.agentshop.console.security;

import io.agentshop.console.ConsoleSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import java.net.URI;

/**
 * People sign in with the authorization code flow and PKCE, as a confidential client, asking for a token for the
 * edge and the query side (RFC 8707 resource indicators); the tokens stay in this server, the browser holds only the
 * session cookie (HttpOnly, SameSite=Lax, its own name: the authorization server on the same host has one too).
 * Every form carries a CSRF token. Pages of a role are refused to people without it; the APIs behind them decide
 * again with the person's token.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

    @Bean
    SecurityFilterChain consoleChain(HttpSecurity http, ClientRegistrationRepository registrations,
                                     ConsoleSettings settings) throws Exception {
        ClientRegistration registration = registrations.findByRegistrationId(ConsoleSettings.REGISTRATION);
        DefaultOAuth2AuthorizationRequestResolver authorizationRequests = new DefaultOAuth2AuthorizationRequestResolver(
                registrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        authorizationRequests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce()
                .andThen(request -> request.authorizationRequestUri(uri -> uri
                        .queryParam("resource", settings.edgeResource(), settings.queryResource()).build())));
        OidcClientInitiatedLogoutSuccessHandler signedOut = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        signedOut.setPostLogoutRedirectUri("{baseUrl}/signed-out");
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/console.css", "/console.js",
                                "/signed-out", "/error").permitAll()
                        .requestMatchers("/admin/**").hasRole("admin")
                        .requestMatchers("/audit/**").hasRole("auditor")
                        .requestMatchers("/analytics/**").hasRole("analyst")
                        .anyRequest().authenticated())
                .oauth2Login(login -> login
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(authorizationRequests))
                        .userInfoEndpoint(userInfo -> userInfo.userAuthoritiesMapper(new PersonRoles(settings.rolesClaimPath()))))
                .logout(logout -> logout.logoutSuccessHandler(signedOut))
                .exceptionHandling(errors -> errors.accessDeniedPage("/denied"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy(registration)))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .build();
    }

    /**
     * Our own scripts and styles only, no framing; forms post here, and sign-in and sign-out go on to the
     * authorization server (browsers apply form-action to the redirect after a form, too).
     */
    private static String contentSecurityPolicy(ClientRegistration registration) {
        URI issuer = URI.create(registration.getProviderDetails().getIssuerUri());
        String issuerOrigin = issuer.getScheme() + "://" + issuer.getAuthority();
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none';"
                + " base-uri 'none'; frame-ancestors 'none'; form-action 'self' " + issuerOrigin;
    }
}
