package io.agentshop.console.backend;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.WebUtils;

/**
 * One token renewal at a time per session. The authorization server rotates refresh tokens: two requests of one
 * person (a page and its progress polling) renewing at once would both present the same refresh token, the second
 * would be refused, and the person signed out in the middle of an export. Finding a valid token is quick, so the
 * lock costs nothing while no renewal is due.
 */
final class OneRefreshPerSession implements OAuth2AuthorizedClientManager {

    private final OAuth2AuthorizedClientManager manager;

    OneRefreshPerSession(OAuth2AuthorizedClientManager manager) {
        this.manager = manager;
    }

    @Override
    public OAuth2AuthorizedClient authorize(OAuth2AuthorizeRequest request) {
        HttpSession session = currentSession();
        if (session == null) {
            return manager.authorize(request);
        }
        synchronized (WebUtils.getSessionMutex(session)) {
            return manager.authorize(request);
        }
    }

    private static HttpSession currentSession() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getSession(false);
        }
        return null;
    }
}
