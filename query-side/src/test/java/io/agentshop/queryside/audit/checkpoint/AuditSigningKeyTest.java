package io.agentshop.queryside.audit.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class AuditSigningKeyTest {

    @Test
    void aKeyIsCreatedOwnerOnlyOnFirstUseAndTheSameKeyIsLoadedAfterwards(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/audit.pk8");
        AuditSigningKey created = AuditSigningKey.loadOrCreate(file);
        AuditSigningKey loaded = AuditSigningKey.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(loaded.keyId()).isEqualTo(created.keyId()).hasSize(64);
        byte[] message = "hello".getBytes(StandardCharsets.UTF_8);
        assertThat(loaded.verify(message, created.sign(message))).isTrue();
        assertThat(AuditSigningKey.verify(AuditSigningKey.publicKeyFromPem(created.publicKeyPem()), message,
                loaded.sign(message))).isTrue();
    }

    @Test
    void aCheckpointSignatureCoversItsTreeSizeAndRoot(@TempDir Path dir) {
        AuditSigningKey key = AuditSigningKey.loadOrCreate(dir.resolve("audit.pk8"));
        Checkpoint checkpoint = new Checkpoint(10, "ab".repeat(32), Instant.parse("2025-01-01T00:00:00Z"), key.keyId(), null);
        byte[] signature = key.sign(checkpoint.signedBytes());
        assertThat(checkpoint.signedMessage()).isEqualTo("agentshop-audit-checkpoint/v1\n10\n" + "ab".repeat(32)
                + "\n2025-01-01T00:00:00Z\n" + key.keyId() + "\n");
        Checkpoint larger = new Checkpoint(11, checkpoint.rootHash(), checkpoint.createdAt(), key.keyId(),
                Base64.getEncoder().encodeToString(signature));
        assertThat(key.verify(checkpoint.signedBytes(), signature)).isTrue();
        assertThat(key.verify(larger.signedBytes(), signature)).isFalse();
    }
}
