package io.agentshop.console.backend;

import io.agentshop.console.ConsoleSettings;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

/**
 * Calls to the edge and the query side carry the signed-in person's own access token, renewed with their refresh
 * token when it expires; never a token of the console's own.
 */
@Configuration(proxyBeanMethods = false)
class BackendConfiguration {

    static final String REGISTRATION = "agentshop";

    @Bean
    OAuth2AuthorizedClientManager personsTokens(ClientRegistrationRepository registrations,
                                                OAuth2AuthorizedClientService authorizedClients) {
        AuthorizedClientServiceOAuth2AuthorizedClientManager manager =
                new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, authorizedClients);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode().refreshToken().build());
        return manager;
    }

    @Bean
    Backend backend(ConsoleSettings settings, OAuth2AuthorizedClientManager personsTokens, RestClient.Builder builder) {
        OAuth2ClientHttpRequestInterceptor withPersonsToken = new OAuth2ClientHttpRequestInterceptor(personsTokens);
        withPersonsToken.setClientRegistrationIdResolver(request -> REGISTRATION);
        ClientHttpRequestFactory timeouts = ClientHttpRequestFactoryBuilder.detect().build(HttpClientSettings.defaults()
                .withConnectTimeout(settings.timeout()).withReadTimeout(settings.timeout()));
        RestClient edge = builder.clone().baseUrl(settings.edgeUrl().toString()).requestFactory(timeouts)
                .requestInterceptor(withPersonsToken).build();
        RestClient query = builder.clone().baseUrl(settings.queryUrl().toString()).requestFactory(timeouts)
                .requestInterceptor(withPersonsToken).build();
        return new Backend(edge, query);
    }
}
