package io.agentshop.mcpedge.queryside;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import java.util.List;

/**
 * The edge reads from the query side with its own client-credentials token, asked for the query side's audience; an
 * agent's or a user's token is never passed on. The token is cached and renewed by Spring Security.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QuerySideSettings.class)
class QuerySideConfiguration {

    @Bean
    QuerySide querySide(QuerySideSettings settings, ClientRegistrationRepository registrations,
                        OAuth2AuthorizedClientService authorizedClients, RestClient.Builder builder) {
        ClientHttpRequestFactory timeouts = withTimeouts(settings);
        RestClientClientCredentialsTokenResponseClient tokens = new RestClientClientCredentialsTokenResponseClient();
        // As Spring Security builds it, plus timeouts: a hanging authorization server must not hang the edge.
        tokens.setRestClient(RestClient.builder()
                .requestFactory(timeouts)
                .messageConverters(converters -> {
                    converters.clear();
                    converters.add(new FormHttpMessageConverter());
                    converters.add(new OAuth2AccessTokenResponseHttpMessageConverter());
                })
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());
        tokens.addParametersConverter(request -> {
            MultiValueMap<String, String> resource = new LinkedMultiValueMap<>();
            resource.add("resource", settings.resource());
            return resource;
        });
        AuthorizedClientServiceOAuth2AuthorizedClientManager manager =
                new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, authorizedClients);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .clientCredentials(credentials -> credentials.accessTokenResponseClient(tokens))
                .build());

        // The edge asks as itself, whoever the current request's caller is.
        Authentication edge = UsernamePasswordAuthenticationToken.authenticated(settings.registrationId(), null, List.of());
        OAuth2ClientHttpRequestInterceptor withEdgeToken = new OAuth2ClientHttpRequestInterceptor(manager);
        withEdgeToken.setClientRegistrationIdResolver(request -> settings.registrationId());
        withEdgeToken.setPrincipalResolver(request -> edge);

        RestClient client = builder.clone()
                .baseUrl(settings.url().get(0))
                .requestFactory(timeouts)
                .requestInterceptor(withEdgeToken)
                .requestInterceptor(new QuerySideNodes(settings.url()))
                .build();
        return new QuerySide(client);
    }

    /** Every call to the read side and to the token endpoint gives up after the configured timeouts. */
    static ClientHttpRequestFactory withTimeouts(QuerySideSettings settings) {
        return ClientHttpRequestFactoryBuilder.detect().build(HttpClientSettings.defaults()
                .withConnectTimeout(settings.connectTimeout())
                .withReadTimeout(settings.readTimeout()));
    }
}
