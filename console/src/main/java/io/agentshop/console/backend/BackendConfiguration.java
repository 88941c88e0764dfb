package io.agentshop.console.backend;

import io.agentshop.console.ConsoleSettings;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

/**
 * Calls to the edge and the query side carry the signed-in person's own access token, renewed with their refresh
 * token when it expires; never a token of the console's own. The tokens live in the person's session, so they end
 * with it (sign-out, expiry) and each browser has its own.
 */
@Configuration(proxyBeanMethods = false)
class BackendConfiguration {

    /** Where sign-in keeps the tokens (Spring Security's oauth2Login uses this bean) and where calls find them. */
    @Bean
    OAuth2AuthorizedClientRepository personsTokensInTheSession() {
        return new HttpSessionOAuth2AuthorizedClientRepository();
    }

    @Bean
    OAuth2AuthorizedClientManager personsTokens(ClientRegistrationRepository registrations,
                                                OAuth2AuthorizedClientRepository tokens) {
        DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(registrations, tokens);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode().refreshToken().build());
        return new OneRefreshPerSession(manager);
    }

    @Bean
    Backend backend(ConsoleSettings settings, OAuth2AuthorizedClientManager personsTokens, RestClient.Builder builder) {
        OAuth2ClientHttpRequestInterceptor withPersonsToken = new OAuth2ClientHttpRequestInterceptor(personsTokens);
        withPersonsToken.setClientRegistrationIdResolver(request -> ConsoleSettings.REGISTRATION);
        ClientHttpRequestFactory timeouts = ClientHttpRequestFactoryBuilder.detect().build(HttpClientSettings.defaults()
                .withConnectTimeout(settings.timeout()).withReadTimeout(settings.timeout()));
        RestClient edge = builder.clone().baseUrl(settings.edgeUrl().toString()).requestFactory(timeouts)
                .requestInterceptor(withPersonsToken).build();
        RestClient query = builder.clone().baseUrl(settings.queryUrl().toString()).requestFactory(timeouts)
                .requestInterceptor(withPersonsToken).build();
        return new Backend(edge, query);
    }
}
