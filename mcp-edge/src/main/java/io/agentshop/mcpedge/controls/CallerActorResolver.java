package io.agentshop.mcpedge.controls;

import io.agentshop.commandside.api.Actor;
import io.agentshop.mcpedge.identity.ActorFromToken;
import io.agentshop.mcpedge.identity.CallContext;
import io.agentshop.mcpedge.identity.TraceIds;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives a control the Actor of its caller, built from the bearer token; the control's method and path pattern stand
 * where an agent's call would name its tool, so the audit trail says which control was used.
 */
class CallerActorResolver implements HandlerMethodArgumentResolver {

    private static final Pattern REQUEST_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,100}$");

    private final ActorFromToken actors;
    private final TraceIds traces;

    CallerActorResolver(ActorFromToken actors, TraceIds traces) {
        this.actors = actors;
        this.traces = traces;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Actor.class;
    }

    @Override
    public Actor resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest web,
                                 WebDataBinderFactory binders) {
        HttpServletRequest request = web.getNativeRequest(HttpServletRequest.class);
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)
                || request == null) {
            throw new IllegalStateException("controls are reached with a bearer token only");
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String control = request.getMethod() + " " + (pattern != null ? pattern : request.getRequestURI());
        return actors.actor(token.getToken(), new CallContext(control, null, requestId(request), traces.current()));
    }

    /** The caller's own request id when it is a sane one, so its logs and our audit trail meet. */
    private static String requestId(HttpServletRequest request) {
        String given = request.getHeader("X-Request-Id");
        return given != null && REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }
}
