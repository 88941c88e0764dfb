package io.agentshop.commandside.infrastructure.axon;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.ReflectionUtils;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.stream.StreamSupport;

/**
 * Which aggregate a command is for: Axon's {@link AnnotationCommandTargetResolver}, with the annotated member looked up
 * once per command class instead of for every command. Axon walks the class's methods, then its fields, and all their
 * annotations (meta-annotations too) on each command; in the edge's profile that was a tenth of the command path. The
 * lookup here is Axon's own (its reflection utilities, the same order: methods first, then fields), so the member and
 * the errors are the ones Axon would give. A class with a {@code @TargetAggregateVersion} is left to Axon whole: none
 * of the shop's commands has one.
 */
public final class CommandTargets implements CommandTargetResolver {

    private final CommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();

    /** The member holding the target's identifier, or {@code null} when Axon's resolver should decide. */
    private final ClassValue<AnnotatedElement> identifiers = new ClassValue<>() {
        @Override
        protected AnnotatedElement computeValue(Class<?> type) {
            if (annotated(type, TargetAggregateVersion.class) != null) {
                return null;
            }
            return annotated(type, TargetAggregateIdentifier.class);
        }
    };

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        AnnotatedElement member = identifiers.get(command.getPayloadType());
        if (member == null) {
            return axon.resolveTarget(command);
        }
        Object identifier;
        try {
            identifier = member instanceof Method method ? method.invoke(command.getPayload())
                    : ReflectionUtils.getFieldValue((Field) member, command.getPayload());
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("An exception occurred while extracting aggregate information form a"
                    + " command", e);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("The current security context does not allow extraction of aggregate"
                    + " information from the given command.", e);
        }
        if (identifier == null) {
            throw new IllegalArgumentException(("Invalid command. It does not identify the target aggregate. Make sure"
                    + " at least one of the fields or methods in the [%s] class contains the @TargetAggregateIdentifier"
                    + " annotation and that it returns a non-null value.")
                    .formatted(command.getPayloadType().getSimpleName()));
        }
        return new VersionedAggregateIdentifier(identifier, null);
    }

    /** The first method, else the first field, that carries {@code annotation}, made accessible; {@code null} if none. */
    private static AnnotatedElement annotated(Class<?> type, Class<? extends java.lang.annotation.Annotation> annotation) {
        Method method = StreamSupport.stream(ReflectionUtils.methodsOf(type).spliterator(), false)
                .filter(candidate -> AnnotationUtils.isAnnotationPresent(candidate, annotation))
                .findFirst().orElse(null);
        if (method != null) {
            return ReflectionUtils.ensureAccessible(method);
        }
        return StreamSupport.stream(ReflectionUtils.fieldsOf(type).spliterator(), false)
                .filter(candidate -> AnnotationUtils.isAnnotationPresent(candidate, annotation))
                .findFirst().orElse(null);
    }
}
