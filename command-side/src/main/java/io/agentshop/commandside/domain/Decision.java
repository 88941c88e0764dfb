package io.agentshop.commandside.domain;

import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.commandside.api.ReasonCode;

import java.util.function.Function;

/**
 * What a rule decided, as a value: allowed with what it came to, or refused with the reason and the sentence the caller
 * is told. Rules return decisions; the aggregate, which owns the command, turns a refusal into the command's refusal
 * ({@link #orRefuse()}).
 */
public sealed interface Decision<T> {

    static <T> Decision<T> allow(T value) {
        return new Allowed<>(value);
    }

    static <T> Decision<T> refuse(ReasonCode reason, String sentence) {
        return new Refused<>(reason, sentence);
    }

    /** {@code rule} holding, {@code value}; else refused. */
    static <T> Decision<T> when(boolean rule, T value, ReasonCode reason, String sentence) {
        return rule ? allow(value) : refuse(reason, sentence);
    }

    /** The next decision, taken only when this one allowed. */
    <U> Decision<U> then(Function<T, Decision<U>> next);

    <U> Decision<U> map(Function<T, U> mapper);

    /** The value, or the refusal thrown as the command's. */
    T orRefuse();

    record Allowed<T>(T value) implements Decision<T> {

        @Override
        public <U> Decision<U> then(Function<T, Decision<U>> next) {
            return next.apply(value);
        }

        @Override
        public <U> Decision<U> map(Function<T, U> mapper) {
            return new Allowed<>(mapper.apply(value));
        }

        @Override
        public T orRefuse() {
            return value;
        }
    }

    record Refused<T>(ReasonCode reason, String sentence) implements Decision<T> {

        @Override
        public <U> Decision<U> then(Function<T, Decision<U>> next) {
            return new Refused<>(reason, sentence);
        }

        @Override
        public <U> Decision<U> map(Function<T, U> mapper) {
            return new Refused<>(reason, sentence);
        }

        @Override
        public T orRefuse() {
            throw new CommandRefusedException(reason, sentence);
        }
    }
}
