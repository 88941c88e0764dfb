package io.agentshop.commandside.infrastructure.axon;

import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.FreeText;
import io.agentshop.commandside.api.ReasonCode;
import io.agentshop.commandside.api.TextPolicy;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Refuses a command whose text breaks the {@link TextPolicy}, before its aggregate is loaded: every string of the
 * command record, in nested records and collections too, is one line unless marked {@link FreeText}, and must already
 * be in NFC (the edge normalises what it sends). The second line of defence behind the edge's own check, so no caller
 * that goes around the edge stores a NUL, a control character or half a surrogate pair.
 */
public final class TextPolicyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** No text of a command is longer, whatever the field: the aggregates' own limits are lower still. */
    static final int MAX_CODE_POINTS = 10_000;

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        check(unitOfWork.getMessage().getPayload(), "", TextPolicy.Kind.LINE, 0);
        return chain.proceed();
    }

    /** Refuses the first text in {@code value} that breaks the rule; {@code path} names where it is. */
    static void check(Object value, String path, TextPolicy.Kind kind, int depth) {
        if (value == null || depth > 8) {
            return;
        }
        if (value instanceof String text) {
            TextPolicy.Verdict verdict = TextPolicy.check(text, kind, MAX_CODE_POINTS);
            if (!verdict.accepted()) {
                throw refused(path, verdict.problem());
            }
            if (!verdict.value().equals(text)) {
                throw refused(path, "is not in Unicode NFC; normalise it before sending");
            }
        } else if (value instanceof Record record) {
            for (Component component : COMPONENTS.get(record.getClass())) {
                check(component.read(record), join(path, component.name()), component.kind(), depth + 1);
            }
        } else if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                check(item, path + "[" + index++ + "]", kind, depth + 1);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                check(entry.getKey(), path + " (a key)", TextPolicy.Kind.LINE, depth + 1);
                check(entry.getValue(), path + "[" + entry.getKey() + "]", kind, depth + 1);
            }
        }
    }

    /**
     * A record class's components as the rule reads them, looked up once per class: asking the class each time copies
     * its components and parses their annotations again, for every command (it showed in the edge's profile).
     */
    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            return Arrays.stream(type.getRecordComponents()).map(Component::of).toList();
        }
    };

    /** One component of a command record: its name, how its text is used, and its accessor. */
    private record Component(String name, TextPolicy.Kind kind, Method accessor) {

        static Component of(RecordComponent component) {
            return new Component(component.getName(), component.isAnnotationPresent(FreeText.class)
                    ? TextPolicy.Kind.FREE : TextPolicy.Kind.LINE, component.getAccessor());
        }

        Object read(Record record) {
            try {
                return accessor.invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + name + " of " + record.getClass(), e);
            }
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static CommandRefusedException refused(String path, String problem) {
        return new CommandRefusedException(ReasonCode.INVALID_COMMAND, (path.isEmpty() ? "the command" : path) + " "
                + problem);
    }
}
