package io.agentshop.queryside.readmodel;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How long a read with a consistency token may wait for the read model: {@code agentshop.reads.*}.
 *
 * @param maxWait      the longest a read waits before answering stale (or 503 when the row is not there yet)
 * @param pollInterval how often it looks meanwhile when no commit of this node wakes it first (another node may
 *                     apply the event)
 */
@ConfigurationProperties("agentshop.reads")
public record ReadsSettings(@DefaultValue("2s") Duration maxWait, @DefaultValue("20ms") Duration pollInterval) {
}
