package io.agentshop.commandside.infrastructure.axon;

import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.CommandRejected;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.product.RestockProductCommand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Retries and refusal records, on Axon's own bus and event bus with a handler that keeps losing the race. */
class RejectionRecordingCommandBusTest {

    private final List<EventMessage<?>> published = new ArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private CommandGateway commands;
    private int succeedOnAttempt;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void setUp() {
        SimpleEventBus events = SimpleEventBus.builder().build();
        events.subscribe(published::addAll);
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(RestockProductCommand.class.getName(), message -> {
            if (attempts.incrementAndGet() < succeedOnAttempt) {
                throw new ConcurrencyException("another writer got to TEE-M first");
            }
            return "restocked";
        });
        commands = DefaultCommandGateway.builder()
                .commandBus(new RejectionRecordingCommandBus(bus,
                        new RejectionRecorder(events, NoTransactionManager.INSTANCE), 6, 1, meters))
                .build();
    }

    @Test
    void aCommandThatWinsOnTheThirdTryIsAcceptedAndNothingIsRecorded() {
        succeedOnAttempt = 3;

        Object result = commands.sendAndWait(new RestockProductCommand("TEE-M", 5), asAdmin());

        assertThat(result).isEqualTo("restocked");
        assertThat(attempts).hasValue(3);
        assertThat(counted("accepted", "none")).as("counted once, not per try").isEqualTo(1.0);
        assertThat(published).isEmpty();
    }

    @Test
    void aCommandThatNeverWinsIsRefusedAsConcurrentChangeAndRecordedOnce() {
        succeedOnAttempt = Integer.MAX_VALUE;

        CommandRefusedException refused = catchThrowableOfType(
                () -> commands.sendAndWait(new RestockProductCommand("TEE-M", 5), asAdmin()),
                CommandRefusedException.class);

        assertThat(refused.reason()).isEqualTo(ReasonCode.CONCURRENT_CHANGE);
        assertThat(attempts).hasValue(6);
        assertThat(published).singleElement().satisfies(event -> {
            CommandRejected rejected = (CommandRejected) event.getPayload();
            assertThat(rejected.reason()).isEqualTo(ReasonCode.CONCURRENT_CHANGE);
            assertThat(rejected.targetId()).isEqualTo("TEE-M");
            assertThat(event.getMetaData()).containsKey(Actor.METADATA_KEY);
        });
        assertThat(counted("refused", "CONCURRENT_CHANGE")).isEqualTo(1.0);
        assertThat(counted("accepted", "none")).isZero();
    }

    @Test
    void aNestedCommandIsNeitherRetriedNorRecordedItsOuterCommandIs() {
        succeedOnAttempt = Integer.MAX_VALUE;
        DefaultUnitOfWork<?> outer = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage("outer"));
        try {
            Throwable failure = catchThrowableOfType(() -> commands.sendAndWait(
                    GenericCommandMessage.asCommandMessage(new RestockProductCommand("TEE-M", 5))
                            .withMetaData(asAdmin().and(RejectionRecordingCommandBus.NESTED, true))),
                    ConcurrencyException.class);
            assertThat(failure).isNotNull();
        } finally {
            outer.rollback();
        }
        assertThat(attempts).hasValue(1);
        assertThat(published).isEmpty();
        assertThat(meters.find("agentshop.commands").counters()).as("the outer command is counted, not this")
                .isEmpty();
    }

    private double counted(String outcome, String reason) {
        Counter counter = meters.find("agentshop.commands").tags("command", "RestockProductCommand",
                "outcome", outcome, "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static MetaData asAdmin() {
        return MetaData.with(Actor.METADATA_KEY, Actor.system("test").toMetaData());
    }
}
