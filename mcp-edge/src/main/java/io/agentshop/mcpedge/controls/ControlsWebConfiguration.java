package io.agentshop.mcpedge.controls;

import io.agentshop.mcpedge.identity.ActorFromToken;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

@Configuration(proxyBeanMethods = false)
class ControlsWebConfiguration implements WebMvcConfigurer {

    private final ActorFromToken actors;

    ControlsWebConfiguration(ActorFromToken actors) {
        this.actors = actors;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerActorResolver(actors));
    }
}
