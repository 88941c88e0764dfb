package io.agentshop.commandside.infrastructure.axon;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.ReasonCode;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/** Refuses any command that does not say who acts for whom, before a handler sees it. */
public final class ActorRequiredInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (Actor.fromMetaData(unitOfWork.getMessage().getMetaData()) == null) {
            throw new CommandRefusedException(ReasonCode.ACTOR_MISSING,
                    "the command carries no Actor (user, agent, scopes): nothing is done without one");
        }
        return chain.proceed();
    }
}
