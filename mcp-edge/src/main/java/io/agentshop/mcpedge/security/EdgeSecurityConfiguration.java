package io.agentshop.mcpedge.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.mcpedge.controls.ControlInputGate;
import io.agentshop.resourceserver.VerifiedTokens;
import io.agentshop.mcpedge.identity.ActorFromToken;
import io.agentshop.mcpedge.identity.IdentitySettings;
import io.agentshop.mcpedge.mcp.ClientCapabilities;
import io.agentshop.mcpedge.mcp.McpSettings;
import io.agentshop.mcpedge.mcp.ProtectedResourceMetadata;
import io.agentshop.mcpedge.mcp.ShopTools;
import io.agentshop.mcpedge.mcp.ToolCallGate;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.http.MediaType;
import java.util.Map;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * The edge is an OAuth resource server: every request but health and the resource metadata carries a bearer JWT
 * whose signature, issuer, expiry and audience Spring Security checks against
 * {@code spring.security.oauth2.resourceserver.jwt.*}. What a token may do beyond that (scopes per tool or control,
 * people versus agents) is decided where the call lands, and for tools at the gate in front of {@code /mcp}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({IdentitySettings.class, McpSettings.class})
public class EdgeSecurityConfiguration {

    /** The scope of the authorization server's own token when it reports a consent. */
    public static final String RECORD_DELEGATIONS = "delegations:record";

    /** No span per security filter and decision: it costs CPU on every request and tells nothing the request's does not. */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * An agent whose client id is a URL (a client metadata document) is named in a control's path with its slashes
     * encoded ({@code /controls/me/agents/https%3A%2F%2Fagent.example%2Fclient.json/revoke}). Tomcat and Spring
     * Security refuse an encoded slash by default, which would leave such an agent impossible to revoke. Only under
     * {@code /controls/me/agents/} is it let through (Tomcat passes it on undecoded, so it stays inside its segment
     * and never walks a path); every other request meets Spring Security's strict firewall unchanged, and the gates
     * pick requests by their decoded path ({@link io.agentshop.mcpedge.web.RequestPaths}).
     */
    @Bean
    HttpFirewall agentIdsInPaths() {
        StrictHttpFirewall strict = new StrictHttpFirewall();
        StrictHttpFirewall agentIds = new StrictHttpFirewall();
        agentIds.setAllowUrlEncodedSlash(true);
        agentIds.setAllowUrlEncodedDoubleSlash(true); // "https://" encoded
        agentIds.setAllowUrlEncodedPercent(true); // the undecoded %2F left in the servlet path
        return new HttpFirewall() {
            @Override
            public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
                return (request.getRequestURI().startsWith(AGENTS_BY_ID) ? agentIds : strict)
                        .getFirewalledRequest(request);
            }

            @Override
            public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
                return strict.getFirewalledResponse(response);
            }
        };
    }

    /**
     * A request the firewall refused gets a 400 saying so, written here: the default sends an error that Tomcat
     * dispatches to {@code /error}, which answers a misleading 401 ("this needs a bearer token").
     */
    @Bean
    RequestRejectedHandler refusedPaths(ObjectMapper json) {
        return (request, response, rejected) -> {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), Map.of("type", "https://agentshop.io/problems/request-rejected",
                    "title", "Request rejected", "status", 400, "detail", "the request's path or headers are"
                            + " refused: " + rejected.getMessage()));
        };
    }

    /** Where an agent is named in the path, in its raw form (no encoded letter reaches it: the request URI is raw). */
    private static final String AGENTS_BY_ID = "/controls/me/agents/";

    @Bean
    TomcatConnectorCustomizer encodedSlashesReachTheApplication() {
        return connector -> connector.setEncodedSolidusHandling("passthrough");
    }

    /** The decoder Spring Boot configures from {@code spring.security.oauth2.resourceserver.jwt.*}, remembering. */
    @Bean
    static BeanPostProcessor verifiedTokens() {
        return VerifiedTokens.rememberingDecoders();
    }

    @Bean
    SecurityFilterChain edgeSecurity(HttpSecurity http, McpSettings settings, ShopTools tools, ActorFromToken actors,
                                     ClientCapabilities capabilities, ObjectMapper json)
            throws Exception {
        AuthenticationChallenge challenge = new AuthenticationChallenge(settings, json);
        return http
                .authorizeHttpRequests(requests -> requests
                        // Prometheus scrapes without a token: the meters name tools, outcomes and reason codes,
                        // never a user, an agent or an order.
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .requestMatchers(HttpMethod.GET, "/.well-known/oauth-protected-resource",
                                "/.well-known/oauth-protected-resource/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/internal/consents")
                        .hasAuthority("SCOPE_" + RECORD_DELEGATIONS)
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()).authenticationEntryPoint(challenge)
                        .protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(
                                new ProtectedResourceMetadata(settings, tools))))
                .addFilterBefore(new HostAndOriginGate(settings, json), SecurityContextHolderFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(challenge))
                .addFilterAfter(new ToolCallGate(settings, tools, actors, capabilities, json), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new ControlInputGate(json, settings.maxRequestBody()), ToolCallGate.class)
                // Bearer tokens only: no session, no cookie, so no cross-site request can ride on one.
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .build();
    }
}
