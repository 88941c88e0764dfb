package io.agentshop.commandside.infrastructure.axon;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How the command bus retries a command that lost a race ({@code agentshop.commands.*}): two commands on one aggregate
 * at once, the second's append fails on the sequence number, and it is run again on the new state. The waits grow
 * linearly ({@code backoff} × attempt), so six attempts wait at most 15 × (1 + … + 5) = 225 ms by default, well inside
 * a tool call.
 *
 * @param maxAttempts attempts in all, the first included
 * @param backoff     the wait before the second attempt; the n-th waits n − 1 times as long
 */
@Validated
@ConfigurationProperties("agentshop.commands")
public record CommandRetrySettings(@DefaultValue("6") @Min(1) @Max(20) int maxAttempts,
                                   @DefaultValue("15ms") Duration backoff) {
}
