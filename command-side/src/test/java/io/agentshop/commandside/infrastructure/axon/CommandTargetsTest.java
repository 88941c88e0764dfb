package io.agentshop.commandside.infrastructure.axon;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.agentshop.commandside.api.ShopCommand;
import io.agentshop.commandside.api.account.AuthorizeReadCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The target a command names is the one Axon's annotation resolver finds: for every command of the shop; the shapes
 * of command the shop does not use (a field, a version, no target at all) are Axon's to resolve.
 */
class CommandTargetsTest {

    private final CommandTargets targets = new CommandTargets();
    private final AnnotationCommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();

    @Test
    void everyCommandOfTheShopTargetsWhatAxonsResolverSaysAndWhatTheCommandNames() throws Exception {
        List<Class<?>> commands = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.agentshop.commandside.api").stream()
                .filter(type -> type.isAssignableTo(ShopCommand.class) && !type.isInterface())
                .map(JavaClass::reflect)
                .toList();
        assertThat(commands).hasSizeGreaterThan(15);
        for (Class<?> command : commands) {
            Object payload = withDistinctTexts(command);
            CommandMessage<?> message = GenericCommandMessage.asCommandMessage(payload);
            VersionedAggregateIdentifier ours = targets.resolveTarget(message);
            VersionedAggregateIdentifier axons = axon.resolveTarget(message);
            assertThat(ours).as(command.getSimpleName()).isEqualTo(axons);
            assertThat(ours.getIdentifier()).as(command.getSimpleName())
                    .isEqualTo(((ShopCommand) payload).targetId());
            // Another command of the same class: its own value, nothing kept from the first.
            Object another = withDistinctTexts(command, "again-");
            assertThat(targets.resolveTarget(GenericCommandMessage.asCommandMessage(another)).getIdentifier())
                    .isEqualTo(((ShopCommand) another).targetId());
        }
    }

    @Test
    void aCommandWithoutItsTargetIsRefusedAsAxonRefusesIt() {
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage(new AuthorizeReadCommand(null, "orders:read"));
        String axonsMessage = catchThrowableOfType(IllegalArgumentException.class, () -> axon.resolveTarget(message))
                .getMessage();
        assertThat(axonsMessage).contains("Invalid command. It does not identify the target aggregate");
        assertThatThrownBy(() -> targets.resolveTarget(message))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(axonsMessage);
    }

    @Test
    void aTargetOnAFieldOfAClassIsFoundLikeAxonFindsIt() {
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage(new FieldTargeted("order-7"));
        assertThat(targets.resolveTarget(message)).isEqualTo(axon.resolveTarget(message))
                .isEqualTo(new VersionedAggregateIdentifier("order-7", null));
    }

    /** The command's own target never carries a version: a version in the answer is Axon's resolver at work. */
    @Test
    void aCommandWithAVersionIsLeftToAxonWhole() {
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage(new Versioned("account-3", 4L));
        assertThat(targets.resolveTarget(message)).isEqualTo(new VersionedAggregateIdentifier("account-3", 4L));
    }

    @Test
    void aClassWithNoTargetAtAllIsRefusedLikeAxonRefusesIt() {
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage("no target");
        assertThatThrownBy(() -> targets.resolveTarget(message))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[String]");
    }

    static final class FieldTargeted {
        @TargetAggregateIdentifier
        private final String orderId;

        FieldTargeted(String orderId) {
            this.orderId = orderId;
        }
    }

    record Versioned(@TargetAggregateIdentifier String id, @TargetAggregateVersion Long version) {
    }

    private static Object withDistinctTexts(Class<?> command) throws Exception {
        return withDistinctTexts(command, "");
    }

    /** The command with a text of its own in each text component (its name), and empty or small values elsewhere. */
    private static Object withDistinctTexts(Class<?> command, String prefix) throws Exception {
        RecordComponent[] components = command.getRecordComponents();
        List<Object> values = new ArrayList<>();
        for (RecordComponent component : components) {
            Class<?> type = component.getType();
            values.add(type == String.class ? prefix + component.getName()
                    : type == int.class ? 1
                    : type == long.class ? 1L
                    : type == boolean.class ? false
                    : type == List.class ? List.of()
                    : type == Set.class ? Set.of()
                    : type == Map.class ? Map.of()
                    : null);
        }
        Constructor<?> canonical = command.getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        return canonical.newInstance(values.toArray());
    }
}
