package io.agentshop.mcpedge.controls;

import io.agentshop.mcpedge.identity.ActorFromToken;
import io.agentshop.mcpedge.identity.TraceIds;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

@Configuration(proxyBeanMethods = false)
class ControlsWebConfiguration implements WebMvcConfigurer {

    private final ActorFromToken actors;
    private final TraceIds traces;

    ControlsWebConfiguration(ActorFromToken actors, TraceIds traces) {
        this.actors = actors;
        this.traces = traces;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerActorResolver(actors, traces));
    }
}
