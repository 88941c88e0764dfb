package io.agentshop.queryside;

import io.agentshop.tlog.Ed25519KeyFile;
import io.agentshop.tlog.NoteKey;
import io.agentshop.witness.WitnessApplication;
import io.agentshop.witness.WitnessHttp;
import io.agentshop.witness.WitnessSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a test query side trusts, as a deployment would configure it: a log signing key of its own (in a temporary
 * directory, never the working directory's) with its verifier key, and a real witness (the witness application's own
 * HTTP server, started in this JVM) that trusts that key and keeps its state in its own directory.
 */
public final class TestAuditTrust {

    private final Path directory;
    private final String origin;
    private final NoteKey logKey;
    private WitnessHttp witness;
    private final NoteKey witnessKey;

    private TestAuditTrust(String origin) {
        this.origin = origin;
        try {
            directory = Files.createTempDirectory("agentshop-audit-trust");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Ed25519KeyFile key = Ed25519KeyFile.loadOrCreate(logKeyFile());
        logKey = NoteKey.of(origin, NoteKey.ED25519, key.publicKey());
        witness = startWitness(logKey);
        witnessKey = NoteKey.of("witness.test/w1", NoteKey.COSIGNATURE_ED25519,
                Ed25519KeyFile.load(directory.resolve("witness.pk8")).publicKey());
    }

    /** A log key and a witness of their own for {@code origin}. */
    public static TestAuditTrust start(String origin) {
        return new TestAuditTrust(origin);
    }

    /** The witness again, trusting these log keys (a rotation), with the state it kept. */
    public void restartWitness(NoteKey... logKeys) {
        witness.close();
        witness = startWitness(logKeys);
    }

    private WitnessHttp startWitness(NoteKey... logKeys) {
        StringBuilder logs = new StringBuilder();
        for (NoteKey key : logKeys) {
            logs.append(logs.length() == 0 ? "" : ",").append(key);
        }
        try {
            return WitnessApplication.start(WitnessSettings.from(new String[]{"--port=" + (witness == null ? 0
                    : witness.port()), "--name=witness.test/w1", "--key-file=" + directory.resolve("witness.pk8"),
                    "--state-dir=" + directory.resolve("witness-state"), "--logs=" + logs}, Map.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path logKeyFile() {
        return directory.resolve("log.pk8");
    }

    public String origin() {
        return origin;
    }

    public NoteKey logKey() {
        return logKey;
    }

    public NoteKey witnessKey() {
        return witnessKey;
    }

    public String witnessUrl() {
        return "http://127.0.0.1:" + witness.port();
    }

    public Path directory() {
        return directory;
    }
}
