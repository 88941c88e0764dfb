package io.agentshop.commandside.infrastructure.axon;

import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.ShopCommand;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.common.AxonTransientException;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command bus every command goes through. A command that another writer beat to the same aggregate is tried
 * again here (a few times, briefly apart); a command that fails for good comes back to its caller as a
 * {@link CommandRefusedException} with a reason code, and the refusal is recorded in the event store once the
 * command's own transaction is over. Commands dispatched while handling another (stock taken within a placement,
 * marked {@link #NESTED}) are neither retried nor recorded on their own: their failure fails the outer command, which
 * is retried and recorded as a whole.
 */
public final class RejectionRecordingCommandBus implements CommandBus {

    /** Metadata key marking a command sent from within another command's handling. */
    public static final String NESTED = "agentshop.nested";

    private static final Logger log = LoggerFactory.getLogger(RejectionRecordingCommandBus.class);

    private final CommandBus delegate;
    private final RejectionRecorder recorder;
    private final int maxAttempts;
    private final long backoffMillis;
    private final MeterRegistry meters;

    public RejectionRecordingCommandBus(CommandBus delegate, RejectionRecorder recorder, int maxAttempts,
                                        long backoffMillis, MeterRegistry meters) {
        this.delegate = delegate;
        this.recorder = recorder;
        this.maxAttempts = maxAttempts;
        this.backoffMillis = backoffMillis;
        this.meters = meters;
    }

    @Override
    public <C> void dispatch(CommandMessage<C> command) {
        dispatch(command, (message, result) -> {
        });
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
        dispatch(command, (CommandCallback) callback, 1);
    }

    private <C> void dispatch(CommandMessage<C> command, CommandCallback<C, Object> caller, int attempt) {
        boolean nested = command.getMetaData().containsKey(NESTED) && CurrentUnitOfWork.isStarted();
        delegate.dispatch(command, (CommandCallback<C, Object>) (message, result) -> {
            Throwable failure = result.isExceptional() ? result.exceptionResult() : null;
            if (failure == null || nested) {
                if (!nested) {
                    count(command, "accepted", "none");
                }
                caller.onResult(message, result);
                return;
            }
            if (failure instanceof AxonTransientException && attempt < maxAttempts) {
                pause(attempt);
                dispatch(command, caller, attempt + 1);
                return;
            }
            CommandRefusedException refusal = asRefusal(command, failure);
            count(command, "refused", refusal.reason().name());
            recorder.record(command, refusal);
            caller.onResult(message, asResult(refusal));
        });
    }

    /** {@code agentshop.commands}: every command's final outcome, by command, outcome and reason. */
    private void count(CommandMessage<?> command, String outcome, String reason) {
        meters.counter("agentshop.commands", "command", command.getPayloadType().getSimpleName(),
                "outcome", outcome, "reason", reason).increment();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static org.axonframework.commandhandling.CommandResultMessage<Object> asResult(
            CommandRefusedException refusal) {
        return (org.axonframework.commandhandling.CommandResultMessage) GenericCommandResultMessage
                .asCommandResultMessage(refusal);
    }

    /** Backs off a little more each try, so writers colliding on one aggregate drift apart, not collide again. */
    private void pause(int attempt) {
        try {
            Thread.sleep(backoffMillis * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static CommandRefusedException asRefusal(CommandMessage<?> command, Throwable failure) {
        if (failure instanceof CommandRefusedException refusal) {
            return refusal;
        }
        String targetType = command.getPayload() instanceof ShopCommand shop ? shop.targetType() : "";
        String targetId = command.getPayload() instanceof ShopCommand shop ? shop.targetId() : "";
        if (failure instanceof AggregateNotFoundException) {
            return switch (targetType) {
                case "Account" -> new CommandRefusedException(ReasonCode.ACCOUNT_UNKNOWN,
                        "there is no account for user " + targetId + "; the user has to sign in once first");
                case "Order" -> new CommandRefusedException(ReasonCode.UNKNOWN_ORDER, "there is no order " + targetId);
                case "Product" -> new CommandRefusedException(ReasonCode.UNKNOWN_SKU, "there is no product " + targetId);
                default -> new CommandRefusedException(ReasonCode.INVALID_COMMAND, "unknown target " + targetId);
            };
        }
        if (failure instanceof AxonTransientException) {
            return new CommandRefusedException(ReasonCode.CONCURRENT_CHANGE, targetType + " " + targetId
                    + " kept changing under this command; nothing was done, and the same command may be sent again");
        }
        if (failure instanceof NoHandlerForCommandException) {
            return new CommandRefusedException(ReasonCode.INVALID_COMMAND,
                    command.getCommandName() + " is not a command this shop handles");
        }
        log.error("{} for {} {} failed", command.getCommandName(), targetType, targetId, failure);
        return new CommandRefusedException(ReasonCode.SYSTEM_ERROR,
                "the shop could not process this request; try again later (reference " + command.getIdentifier() + ")");
    }

    @Override
    public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
        return delegate.subscribe(commandName, handler);
    }

    @Override
    public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
        return delegate.registerHandlerInterceptor(interceptor);
    }

    @Override
    public Registration registerDispatchInterceptor(MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
        return delegate.registerDispatchInterceptor(interceptor);
    }
}
