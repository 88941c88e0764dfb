package io.agentshop.commandside.infrastructure.axon;

import io.agentshop.commandside.api.ShopCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Which aggregate a command is for: the one the command names ({@link ShopCommand#targetId()}, what a refusal is
 * recorded against too). Axon's {@link AnnotationCommandTargetResolver} finds the same member by walking the class's
 * methods, fields and meta-annotations on every command; in the edge's profile that was a tenth of the command path.
 * {@code CommandTargetsTest} holds every command's {@code targetId()} to Axon's answer. Anything else, and a command
 * that names no target, is left to Axon's resolver, so its refusals are Axon's own.
 */
public final class CommandTargets implements CommandTargetResolver {

    private final CommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (command.getPayload() instanceof ShopCommand shopCommand && shopCommand.targetId() != null) {
            return new VersionedAggregateIdentifier(shopCommand.targetId(), null);
        }
        return axon.resolveTarget(command);
    }
}
