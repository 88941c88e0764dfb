package io.agentshop.commandside.infrastructure.axon;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.CommandRejected;
import io.agentshop.commandside.api.ShopCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Writes a {@link CommandRejected} event to the event store in a transaction of its own, after the refused command's
 * transaction rolled back, so a refusal is as durable as an event and travels the same road to the audit store.
 */
public final class RejectionRecorder {

    private static final Logger log = LoggerFactory.getLogger(RejectionRecorder.class);

    private final EventBus eventStore;
    private final TransactionManager transactionManager;

    public RejectionRecorder(EventBus eventStore, TransactionManager transactionManager) {
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
    }

    public void record(CommandMessage<?> command, CommandRefusedException refusal) {
        Object payload = command.getPayload();
        String targetType = payload instanceof ShopCommand shop ? shop.targetType() : "Unknown";
        String targetId = payload instanceof ShopCommand shop && shop.targetId() != null ? shop.targetId() : "";
        CommandRejected rejected = new CommandRejected(command.getPayloadType().getSimpleName(), targetType, targetId,
                refusal.reason(), refusal.sentence());
        Map<String, Object> metaData = new HashMap<>();
        Object actor = command.getMetaData().get(Actor.METADATA_KEY);
        if (actor != null) {
            metaData.put(Actor.METADATA_KEY, actor);
        }
        metaData.put(MetaDataKeys.CAUSATION, command.getIdentifier());
        Object correlation = command.getMetaData().get(MetaDataKeys.CORRELATION);
        metaData.put(MetaDataKeys.CORRELATION, correlation != null ? correlation : command.getIdentifier());
        try {
            UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
            unitOfWork.attachTransaction(transactionManager);
            unitOfWork.executeWithResult(() -> {
                eventStore.publish(GenericEventMessage.asEventMessage(rejected).andMetaData(MetaData.from(metaData)));
                return null;
            }, RollbackConfigurationType.ANY_THROWABLE);
        } catch (Exception e) {
            // The caller still hears the refusal; the audit trail misses it, which must be visible in the logs.
            log.error("could not record the refusal of {} for {} {} ({}): {}", rejected.commandType(), targetType,
                    targetId, refusal.reason(), e.toString());
        }
    }
}
