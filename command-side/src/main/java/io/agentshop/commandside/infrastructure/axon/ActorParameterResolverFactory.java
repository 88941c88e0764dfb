package io.agentshop.commandside.infrastructure.axon;

import io.agentshop.commandside.api.Actor;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.ParameterResolver;
import org.axonframework.messaging.annotation.ParameterResolverFactory;

import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;

/**
 * Lets a handler declare an {@link Actor} parameter, read from the message's metadata. Registered through
 * {@code META-INF/services}, so Axon's test fixtures resolve it exactly as the running application does.
 */
public final class ActorParameterResolverFactory implements ParameterResolverFactory {

    @Override
    public ParameterResolver<Actor> createInstance(Executable executable, Parameter[] parameters, int index) {
        if (parameters[index].getType() != Actor.class) {
            return null;
        }
        return new ParameterResolver<>() {
            @Override
            public Actor resolveParameterValue(Message<?> message) {
                return Actor.fromMetaData(message.getMetaData());
            }

            @Override
            public boolean matches(Message<?> message) {
                return Actor.fromMetaData(message.getMetaData()) != null;
            }
        };
    }
}
