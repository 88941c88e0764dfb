package io.agentshop.queryside.infrastructure.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 401 and 403 as RFC 9457 problem details. Spring's bearer handlers set the status and the RFC 6750
 * {@code WWW-Authenticate} challenge; this adds a body that says what was wrong, and for a 403 what the path needs.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    record Needs(RequestMatcher matcher, String needs) {
    }

    private final AuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
    private final AccessDeniedHandler insufficient = new BearerTokenAccessDeniedHandler();
    private final List<Needs> needs;
    private final ObjectMapper json;

    SecurityProblems(List<Needs> needs, ObjectMapper json) {
        this.needs = needs;
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException, ServletException {
        challenge.commence(request, response, failure);
        String detail = failure instanceof InvalidBearerTokenException invalid
                && invalid.getError() instanceof BearerTokenError error && error.getDescription() != null
                ? "the bearer token was refused: " + error.getDescription()
                : "this request needs a bearer token (an OAuth 2.1 access token for this API)";
        write(request, response, "unauthorized", "Unauthorized", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        insufficient.handle(request, response, denied);
        String needed = needs.stream().filter(rule -> rule.matcher().matches(request)).map(Needs::needs).findFirst()
                .orElse(null);
        String what = request.getMethod() + " " + request.getRequestURI();
        String detail = needed == null ? what + ": " + AccessRules.NOTHING_HERE
                : what + " needs " + needed + whyNot(SecurityContextHolder.getContext().getAuthentication());
        write(request, response, "forbidden", "Forbidden", detail);
    }

    /** For a token that could never pass any rule, why. */
    private static String whyNot(Authentication caller) {
        if (!(caller instanceof JwtAuthenticationToken token)) {
            return "";
        }
        if (token.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(TokenAuthorities.AGENT))) {
            return "; " + AccessRules.NOT_FOR_AGENTS;
        }
        return token.getAuthorities().isEmpty() ? "; " + AccessRules.NO_CLIENT : "";
    }

    private void write(HttpServletRequest request, HttpServletResponse response, String type, String title,
                       String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "https://agentshop.io/problems/" + type);
        problem.put("title", title);
        problem.put("status", response.getStatus());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
