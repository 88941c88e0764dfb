package io.agentshop.commandside.infrastructure.axon;

import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.InternalCommand;
import io.agentshop.commandside.api.ReasonCode;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/** Refuses an {@link InternalCommand} that does not run nested in another command's unit of work. */
public final class InternalCommandInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (unitOfWork.getMessage().getPayload() instanceof InternalCommand && unitOfWork.parent().isEmpty()) {
            throw new CommandRefusedException(ReasonCode.NOT_AUTHORIZED,
                    unitOfWork.getMessage().getPayloadType().getSimpleName()
                            + " is internal to the shop: stock moves only with an order");
        }
        return chain.proceed();
    }
}
