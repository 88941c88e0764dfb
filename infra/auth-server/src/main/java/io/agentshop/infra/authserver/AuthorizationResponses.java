package io.agentshop.infra.authserver;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
  * The authorization endpoint's answers as Spring Authorization Server sends them, each with the issuer added as
  * {@code iss} (RFC 9207, advertised as {@code authorization_response_iss_parameter_supported}): a client that talks
  * to more than one authorization server can tell which one answered, which defeats mix-up attacks. Success (the code)
  * and error redirects both carry it; an error that cannot be redirected (no valid redirect URI) stays a 400 page.
  */
final class AuthorizationResponses {

    static final String ISS = "iss";

    private final RedirectStrategy redirects = new DefaultRedirectStrategy();

    void success(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OAuth2AuthorizationCodeRequestAuthenticationToken granted =
                (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
        UriComponentsBuilder redirect = UriComponentsBuilder.fromUriString(granted.getRedirectUri())
                .queryParam(OAuth2ParameterNames.CODE, granted.getAuthorizationCode().getTokenValue());
        send(request, response, redirect, granted.getState());
    }

    void failure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        OAuth2AuthorizationCodeRequestAuthenticationException refused =
                (OAuth2AuthorizationCodeRequestAuthenticationException) exception;
        OAuth2Error error = refused.getError();
        OAuth2AuthorizationCodeRequestAuthenticationToken asked = refused.getAuthorizationCodeRequestAuthentication();
        if (asked == null || !StringUtils.hasText(asked.getRedirectUri())) {
            response.sendError(HttpStatus.BAD_REQUEST.value(), error.toString());
            return;
        }
        UriComponentsBuilder redirect = UriComponentsBuilder.fromUriString(asked.getRedirectUri())
                .queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
        if (StringUtils.hasText(error.getDescription())) {
            redirect.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, encode(error.getDescription()));
        }
        if (StringUtils.hasText(error.getUri())) {
            redirect.queryParam(OAuth2ParameterNames.ERROR_URI, encode(error.getUri()));
        }
        send(request, response, redirect, asked.getState());
    }

    private void send(HttpServletRequest request, HttpServletResponse response, UriComponentsBuilder redirect,
            String state) throws IOException {
        if (StringUtils.hasText(state)) {
            redirect.queryParam(OAuth2ParameterNames.STATE, encode(state));
        }
        redirect.queryParam(ISS, encode(AuthorizationServerContextHolder.getContext().getIssuer()));
        // build(true): every component above is encoded already.
        redirects.sendRedirect(request, response, redirect.build(true).toUriString());
    }

    private static String encode(String value) {
        return UriUtils.encode(value, StandardCharsets.UTF_8);
    }
}
