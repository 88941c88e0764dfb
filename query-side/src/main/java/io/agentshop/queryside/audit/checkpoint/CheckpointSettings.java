package io.agentshop.queryside.audit.checkpoint;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code agentshop.audit.checkpoint.*}: sign a checkpoint once {@code everyRecords} new records exist, or once
 * {@code every} has passed since the last one and there is anything new; the schedule looks every {@code poll}.
 * {@code enabled=false} stops the schedule (the {@code verify-audit} command must not write).
 */
@ConfigurationProperties("agentshop.audit.checkpoint")
public record CheckpointSettings(Integer everyRecords, Duration every, Duration poll, Boolean enabled) {

    public CheckpointSettings {
        everyRecords = everyRecords == null ? 100 : everyRecords;
        every = every == null ? Duration.ofSeconds(10) : every;
        poll = poll == null ? Duration.ofSeconds(1) : poll;
        enabled = enabled == null || enabled;
        if (everyRecords < 1 || every.isNegative() || every.isZero() || poll.isNegative() || poll.isZero()) {
            throw new IllegalArgumentException("agentshop.audit.checkpoint: every-records, every and poll must be positive");
        }
    }
}
