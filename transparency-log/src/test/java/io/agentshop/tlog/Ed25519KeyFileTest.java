package io.agentshop.tlog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ed25519KeyFileTest {

    @Test
    void aKeyIsCreatedOwnerOnlyOnFirstUseAndTheSameKeyIsLoadedAfterwards(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/audit.pk8");
        Ed25519KeyFile created = Ed25519KeyFile.loadOrCreate(file);
        Ed25519KeyFile loaded = Ed25519KeyFile.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(loaded.keyId()).isEqualTo(created.keyId()).hasSize(64);
        byte[] message = "hello".getBytes(StandardCharsets.UTF_8);
        assertThat(loaded.verify(message, created.sign(message))).isTrue();
        assertThat(Ed25519KeyFile.verify(Ed25519KeyFile.publicKeyFromPem(created.publicKeyPem()), message,
                loaded.sign(message))).isTrue();
    }

    @Test
    void ofManyFirstStartsAtOnceOneKeyWinsAndNoHalfWrittenFileIsLeft(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shared/audit.pk8");
        java.util.concurrent.ExecutorService starts = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.List<java.util.concurrent.Future<String>> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(starts.submit(() -> Ed25519KeyFile.loadOrCreate(file).keyId()));
        }
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (java.util.concurrent.Future<String> id : ids) {
            distinct.add(id.get());
        }
        starts.shutdown();

        assertThat(distinct).hasSize(1);
        try (java.util.stream.Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void loadingNeverCreatesAKey(@TempDir Path dir) {
        Path file = dir.resolve("absent.pk8");
        assertThatThrownBy(() -> Ed25519KeyFile.load(file)).hasMessageContaining("no Ed25519 key file");
        assertThat(file).doesNotExist();
    }

    @Test
    void theRawPublicKeyIsItsRfc8032Encoding(@TempDir Path dir) {
        Ed25519KeyFile key = Ed25519KeyFile.loadOrCreate(dir.resolve("k.pk8"));
        assertThat(key.rawPublicKey()).hasSize(32);
        assertThat(Ed25519KeyFile.publicKeyOfRaw(key.rawPublicKey())).isEqualTo(key.publicKey());
    }
}
