package io.agentshop.queryside.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * {@code agentshop.audit.trust.*}: what verifiers trust, given to them rather than read from the audit database.
 *
 * @param origin      the audit log's name: the first line of its checkpoints and the key name of their signatures
 *                    (a schema-less URL; C2SP tlog-checkpoint)
 * @param logKeys     the log's public keys as signed-note verifier keys ({@code origin+keyid+base64}): the current
 *                    signing key and every earlier one, so checkpoints signed before a rotation keep verifying
 * @param witnessUrl  the witness's URL prefix (C2SP tlog-witness); none: checkpoints are not witnessed
 * @param witnessKeys the witness's cosigning verifier keys (type 0x04); required with {@code witnessUrl}
 * @param maxWitnessLag how long a checkpoint may wait for the witness's cosignature before the verifier no longer
 *                    calls the trail intact (5 minutes)
 */
@ConfigurationProperties("agentshop.audit.trust")
public record TrustSettings(String origin, List<String> logKeys, String witnessUrl, List<String> witnessKeys,
                            Duration maxWitnessLag) {

    public TrustSettings {
        maxWitnessLag = maxWitnessLag == null ? Duration.ofMinutes(5) : maxWitnessLag;
        origin = origin == null || origin.isBlank() ? "agentshop.local/audit" : origin;
        logKeys = logKeys == null ? List.of() : List.copyOf(logKeys);
        witnessUrl = witnessUrl == null || witnessUrl.isBlank() ? null : witnessUrl;
        witnessKeys = witnessKeys == null ? List.of() : witnessKeys.stream().filter(k -> !k.isBlank()).toList();
        if (witnessUrl != null && witnessKeys.isEmpty()) {
            throw new IllegalArgumentException("agentshop.audit.trust.witness-url is set, but no witness-keys: a"
                    + " cosignature can only be trusted with the witness's public key");
        }
    }
}
