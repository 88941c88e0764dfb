package io.agentshop.infra.authserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2PushedAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.util.StringUtils;

/**
  * Spring Security 7.1's authorization server with what it lacks for MCP clients (docs/platform.md): client metadata
  * documents, {@code iss} in authorization responses, open registration advertised in the metadata, audience from the
  * resource indicator, PKCE for every client, refresh for public clients, and our consent page.
  */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    static final String AUTHORIZE = "/authorize";
    static final String TOKEN = "/token";
    static final String JWKS = "/jwks";
    static final String INTROSPECT = "/introspect";
    static final String REVOKE = "/revoke";
    static final String PAR = "/par";
    static final String USERINFO = "/userinfo";
    static final String LOGOUT = "/connect/logout";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http, RegisteredClientRepository clients,
            AuthorizationRequestRules validator, AuthServerProperties properties,
            OAuth2AuthorizationService authorizations, ResourceIndicators resources,
            ClientIdMetadataDocuments documents, ObjectMapper json) throws Exception {
        OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
        AuthorizationResponses answers = new AuthorizationResponses();
        http.securityMatcher(authorizationServer.getEndpointsMatcher())
                .addFilterBefore(new ClientIdDocumentGate(documents, json), SecurityContextHolderFilter.class)
                .with(authorizationServer, server -> server
                        .authorizationEndpoint(endpoint -> endpoint
                                .consentPage(ConsentController.PATH)
                                .authorizationResponseHandler(answers::success)
                                .errorResponseHandler(answers::failure)
                                .authenticationProviders(providers -> providers.forEach(provider -> {
                                    if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider p) {
                                        p.setAuthenticationValidator(validator);
                                    }
                                })))
                        .pushedAuthorizationRequestEndpoint(endpoint -> endpoint
                                .authenticationProviders(providers -> providers.forEach(provider -> {
                                    if (provider instanceof OAuth2PushedAuthorizationRequestAuthenticationProvider p) {
                                        p.setAuthenticationValidator(validator);
                                    }
                                })))
                        .tokenEndpoint(endpoint -> endpoint.authenticationProviders(providers ->
                                TokenExchangeRules.wrap(providers, authorizations, resources)))
                        .clientAuthentication(clientAuthentication -> clientAuthentication
                                .authenticationConverter(new PublicClientRefreshAuthentication.Converter())
                                .authenticationProviders(providers ->
                                        providers.add(0, new PublicClientRefreshAuthentication.Provider(clients))))
                        .authorizationServerMetadataEndpoint(endpoint -> endpoint
                                .authorizationServerMetadataCustomizer(metadata -> metadata.claims(c -> advertise(c, properties))))
                        .oidc(oidc -> oidc.providerConfigurationEndpoint(endpoint -> endpoint
                                .providerConfigurationCustomizer(metadata -> metadata.claims(c -> advertise(c, properties))))))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // Browsers asking for the authorization endpoint without a session go to the login page.
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                // The OIDC user info endpoint takes our own access tokens.
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()));
        return http.build();
    }

    /**
      * What the metadata adds to Spring Authorization Server's: our registration endpoint (for older clients), client
      * metadata documents (the MCP specification's preferred registration), {@code iss} in authorization responses
      * (RFC 9207), S256 only, our scopes.
      */
    private static void advertise(Map<String, Object> claims, AuthServerProperties properties) {
        String issuer = String.valueOf(claims.get("issuer"));
        claims.put("registration_endpoint", issuer + ClientRegistrationController.PATH);
        claims.put("client_id_metadata_document_supported", properties.getClientMetadata().isEnabled());
        claims.put("authorization_response_iss_parameter_supported", true);
        claims.put("code_challenge_methods_supported", List.of("S256"));
        claims.put("scopes_supported", List.copyOf(properties.getScopes()));
        claims.put("response_types_supported", List.of("code"));
        // What our clients can actually use; "none" tells MCP clients that public clients are welcome.
        claims.put("token_endpoint_auth_methods_supported", List.of("none", "client_secret_basic", "client_secret_post"));
        // The device flow is served by SAS, but no client of ours is allowed to use it.
        claims.remove("device_authorization_endpoint");
        if (claims.get("grant_types_supported") instanceof List<?> grants) {
            claims.put("grant_types_supported", grants.stream()
                    .filter(g -> !AuthorizationGrantType.DEVICE_CODE.getValue().equals(g)).toList());
        }
    }

    @Bean
    @Order(2)
    SecurityFilterChain applicationChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(ClientRegistrationController.PATH, "/error", "/login", "/actuator/health",
                                "/actuator/health/**").permitAll()
                        .anyRequest().authenticated())
                // Registration is an API called by programs, not a form a browser could be tricked into posting.
                .csrf(csrf -> csrf.ignoringRequestMatchers(ClientRegistrationController.PATH))
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(AuthServerProperties properties) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder()
                .authorizationEndpoint(AUTHORIZE)
                .pushedAuthorizationRequestEndpoint(PAR)
                .tokenEndpoint(TOKEN)
                .jwkSetEndpoint(JWKS)
                .tokenIntrospectionEndpoint(INTROSPECT)
                .tokenRevocationEndpoint(REVOKE)
                .oidcUserInfoEndpoint(USERINFO)
                .oidcLogoutEndpoint(LOGOUT);
        if (StringUtils.hasText(properties.getIssuer())) {
            settings.issuer(properties.getIssuer());
        }
        return settings.build();
    }

    /**
      * Machine agents (client credentials, token exchange) are pre-registered only: open registration hands out
      * authorization-code clients, whose tokens always carry a user's consent. The two demo agents, whose secrets this
      * repository publishes, exist only under the profile {@code local}. Always registered: the edge's own client
      * (client credentials only, to call the query side) and the console, the first-party client of the user and
      * admin controls.
      */
    @Bean
    RegisteredClientRepository registeredClientRepository(AuthServerProperties properties,
            PasswordEncoder passwordEncoder, ClientDefaults defaults, Environment environment,
            ClientIdMetadataDocuments documents) {
        List<RegisteredClient> clients = new ArrayList<>();
        if (environment.acceptsProfiles(Profiles.of("local"))) {
            clients.add(confidentialClient(properties.getDemoAgent(), "Demo agent", passwordEncoder, defaults,
                    AuthorizationGrantType.CLIENT_CREDENTIALS, AuthorizationGrantType.TOKEN_EXCHANGE));
            clients.add(confidentialClient(properties.getDemoSubAgent(), "Demo sub-agent", passwordEncoder, defaults,
                    AuthorizationGrantType.CLIENT_CREDENTIALS, AuthorizationGrantType.TOKEN_EXCHANGE));
        }
        // The edge never exchanges an agent's token: it asks the query side with its own (docs/security.md).
        clients.add(confidentialClient(properties.getEdgeClient(), "Agent Shop MCP edge", passwordEncoder, defaults,
                AuthorizationGrantType.CLIENT_CREDENTIALS));
        clients.add(consoleClient(properties.getConsoleClient(), defaults));
        if (StringUtils.hasText(properties.getConsoleWebClient().getClientSecret())) {
            clients.add(consoleWebClient(properties.getConsoleWebClient(), properties.getConsoleClient(),
                    passwordEncoder, defaults));
        }
        return new DocumentClientRepository(new InMemoryRegisteredClientRepository(clients), documents);
    }

    private static RegisteredClient confidentialClient(AuthServerProperties.ConfidentialClient client, String name,
            PasswordEncoder passwordEncoder, ClientDefaults defaults, AuthorizationGrantType... grantTypes) {
        return RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(client.getClientId())
                .clientName(name)
                .clientSecret(passwordEncoder.encode(client.getClientSecret()))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantTypes(set -> set.addAll(List.of(grantTypes)))
                .scopes(scopes -> scopes.addAll(client.getScopes()))
                .clientSettings(defaults.clientSettings())
                .tokenSettings(defaults.tokenSettings())
                .build();
    }

    /**
      * Public (it runs where people are, and could not keep a secret), PKCE and rotated refresh tokens like every
      * public client here, but no consent page: signing in to Agent Shop's own controls delegates nothing to an agent.
      * Loopback redirect URIs match on any port (Spring Authorization Server does that for 127.0.0.1 and [::1]).
      */
    private static RegisteredClient consoleClient(AuthServerProperties.ConsoleClient console, ClientDefaults defaults) {
        return firstPartyClient(console.getClientId(), "Agent Shop console", console.getRedirectUris(),
                console.getScopes(), defaults)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .build();
    }

    /**
      * The web console's server: confidential (its secret never leaves it), PKCE all the same (OAuth 2.1 asks it of
      * every client), the console's scopes, no consent page, redirects to its own callback only.
      */
    private static RegisteredClient consoleWebClient(AuthServerProperties.ConsoleWebClient web,
            AuthServerProperties.ConsoleClient console, PasswordEncoder passwordEncoder, ClientDefaults defaults) {
        return firstPartyClient(web.getClientId(), "Agent Shop web console", web.getRedirectUris(), console.getScopes(),
                defaults)
                .clientSecret(passwordEncoder.encode(web.getClientSecret()))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                // Signing out of the console ends the sign-in here too, then returns to the console's own page.
                .postLogoutRedirectUris(uris -> web.getRedirectUris().forEach(uri ->
                        uris.add(URI.create(uri).resolve("/signed-out").toString())))
                .build();
    }

    /** What both consoles are: code + PKCE and rotated refresh tokens, the console's scopes, no consent page. */
    private static RegisteredClient.Builder firstPartyClient(String clientId, String name, List<String> redirectUris,
            List<String> scopes, ClientDefaults defaults) {
        redirectUris.forEach(ClientRegistrations::checkRedirectUri);
        return RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(clientId)
                .clientName(name)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUris(uris -> uris.addAll(redirectUris))
                .scopes(granted -> granted.addAll(scopes))
                .clientSettings(ClientSettings.withSettings(defaults.clientSettings().getSettings())
                        .requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(defaults.tokenSettings());
    }

    @Bean
    OAuth2AuthorizationService authorizationService() {
        return new InMemoryOAuth2AuthorizationService();
    }

    /** Consents in memory; each consent to a client other than the console is also reported to the edge. */
    @Bean
    OAuth2AuthorizationConsentService authorizationConsentService(AuthServerProperties properties,
            RegisteredClientRepository clients, JwtEncoder jwtEncoder, AuthorizationServerSettings settings) {
        OAuth2AuthorizationConsentService consents = new InMemoryOAuth2AuthorizationConsentService();
        if (!properties.getConsentRecorder().isEnabled()) {
            return consents;
        }
        return new DelegationRecordingConsentService(consents, clients,
                Set.of(properties.getConsoleClient().getClientId(), properties.getConsoleWebClient().getClientId()),
                new DelegationRecorder(properties.getConsentRecorder(), jwtEncoder, settings));
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** A fresh RSA key at every start: tokens do not survive a restart, which suits a development server. */
    @Bean
    JWKSource<SecurityContext> jwkSource() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keyPair = generator.generateKeyPair();
        RSAKey key = new RSAKey.Builder((RSAPublicKey) keyPair.getPublic())
                .privateKey((RSAPrivateKey) keyPair.getPrivate())
                .keyID(UUID.randomUUID().toString())
                .build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    /**
      * Our own generator, only to issue refresh tokens to public clients (see {@link RefreshTokens}); access tokens
      * are SAS's JWTs with our claims.
      */
    @Bean
    OAuth2TokenGenerator<OAuth2Token> tokenGenerator(JwtEncoder jwtEncoder, AccessTokenClaims claims) {
        JwtGenerator jwt = new JwtGenerator(jwtEncoder);
        jwt.setJwtCustomizer(claims);
        return new DelegatingOAuth2TokenGenerator(jwt, new OAuth2AccessTokenGenerator(), new RefreshTokens());
    }

    /** Signs our access and ID tokens, and the token we present to the edge when recording a consent. */
    @Bean
    JwtEncoder jwtEncoder(JWKSource<SecurityContext> jwkSource) {
        return new NimbusJwtEncoder(jwkSource);
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
        return OAuth2AuthorizationServerConfiguration.jwtDecoder(jwkSource);
    }
}
