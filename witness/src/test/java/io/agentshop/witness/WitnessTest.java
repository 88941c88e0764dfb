package io.agentshop.witness;

import io.agentshop.tlog.AddCheckpointRequest;
import io.agentshop.tlog.Ed25519KeyFile;
import io.agentshop.tlog.MerkleTree;
import io.agentshop.tlog.NoteKey;
import io.agentshop.tlog.NoteSigner;
import io.agentshop.tlog.SignedNote;
import io.agentshop.tlog.TreeHead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The witness over HTTP as a log (and an attacker holding the log's key) would use it: it cosigns a log that only
 * grows, and refuses a smaller tree, a rewritten one, a fork and a checkpoint it cannot trust, changing nothing.
 */
class WitnessTest {

    static final String ORIGIN = "shop.test/audit";

    @TempDir
    Path dir;

    NoteSigner log;
    WitnessHttp http;
    NoteKey witnessKey;
    final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        log = new NoteSigner(ORIGIN, Ed25519KeyFile.loadOrCreate(dir.resolve("log.pk8")));
        http = startWitness();
        witnessKey = NoteKey.parse(get("/key").body().strip());
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void itCosignsAGrowingLogAndServesTheLatestCheckpoint() throws Exception {
        List<byte[]> leaves = leaves("a", 10);

        HttpResponse<String> first = add(0, List.of(), checkpoint(leaves, 4));
        HttpResponse<String> second = add(4, MerkleTree.consistencyProof(leaves, 4, 10), checkpoint(leaves, 10));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        SignedNote cosigned = checkpoint(leaves, 10).with(List.of(SignedNote.parse(
                checkpoint(leaves, 10).text() + "\n" + second.body()).signatures().get(0)));
        assertThat(cosigned.verifiedBy(List.of(witnessKey))).containsExactly(witnessKey);
        SignedNote served = SignedNote.parse(get("/" + TreeHead.originHash(ORIGIN) + "/checkpoint").body());
        assertThat(TreeHead.parse(served.text()).size()).isEqualTo(10);
        assertThat(served.verifiedBy(List.of(witnessKey))).containsExactly(witnessKey);
        assertThat(served.verifiedBy(List.of(log.verifierKey()))).containsExactly(log.verifierKey());
    }

    @Test
    void aWrongOldSizeIsAConflictNamingTheCosignedSize() throws Exception {
        List<byte[]> leaves = leaves("a", 10);
        add(0, List.of(), checkpoint(leaves, 4));

        HttpResponse<String> stale = add(0, List.of(), checkpoint(leaves, 10));

        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.headers().firstValue("Content-Type")).hasValue("text/x.tlog.size");
        assertThat(stale.body()).isEqualTo("4\n");
    }

    @Test
    void aTruncatedARewrittenAndAForkedLogAreRefusedAndTheWitnessKeepsWhatItSaw() throws Exception {
        List<byte[]> leaves = leaves("a", 10);
        add(0, List.of(), checkpoint(leaves, 8));
        String before = get("/" + TreeHead.originHash(ORIGIN) + "/checkpoint").body();

        // Truncated: the last two records deleted, a checkpoint signed over the six left.
        HttpResponse<String> truncated = add(8, List.of(), checkpoint(leaves, 6));
        // Rewritten: record 3 changed and the tree of 8 signed again.
        List<byte[]> rewritten = new ArrayList<>(leaves);
        rewritten.set(2, MerkleTree.leafHash("changed".getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> sameSize = add(8, List.of(), checkpoint(rewritten, 8));
        // Forked: the rewritten history grown to 10, with a proof from its own (not the witnessed) tree of 8.
        HttpResponse<String> forked = add(8, MerkleTree.consistencyProof(rewritten, 8, 10), checkpoint(rewritten, 10));

        assertThat(truncated.statusCode()).isEqualTo(400);
        assertThat(sameSize.statusCode()).isEqualTo(422);
        assertThat(sameSize.body()).contains("size 8 was cosigned with root");
        assertThat(forked.statusCode()).isEqualTo(422);
        assertThat(forked.body()).contains("from the cosigned size 8");
        assertThat(get("/" + TreeHead.originHash(ORIGIN) + "/checkpoint").body()).isEqualTo(before);
        // The honest log goes on.
        assertThat(add(8, MerkleTree.consistencyProof(leaves, 8, 10), checkpoint(leaves, 10)).statusCode()).isEqualTo(200);
    }

    @Test
    void aCheckpointNotSignedByTheLogsKeyOrOfAnotherLogIsRefused() throws Exception {
        List<byte[]> leaves = leaves("a", 3);
        NoteSigner impostor = new NoteSigner(ORIGIN, Ed25519KeyFile.loadOrCreate(dir.resolve("copy.pk8")));
        NoteSigner stranger = new NoteSigner("other.test/log", Ed25519KeyFile.loadOrCreate(dir.resolve("other.pk8")));

        HttpResponse<String> forged = add(0, List.of(), impostor.signedNote(new TreeHead(ORIGIN, 3,
                MerkleTree.root(leaves)).text()));
        HttpResponse<String> unknown = add(0, List.of(), stranger.signedNote(new TreeHead("other.test/log", 3,
                MerkleTree.root(leaves)).text()));
        HttpResponse<String> garbage = post("old 0\n\nnot a note\n");

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(get("/" + TreeHead.originHash(ORIGIN) + "/checkpoint").statusCode()).isEqualTo(404);
    }

    @Test
    void aRestartedWitnessRemembersAndAStateFileEditedByOthersIsNotBelieved() throws Exception {
        List<byte[]> leaves = leaves("a", 5);
        add(0, List.of(), checkpoint(leaves, 5));
        http.close();
        http = startWitness();

        assertThat(add(0, List.of(), checkpoint(leaves, 5)).body()).isEqualTo("5\n");

        Path state = dir.resolve("state").resolve(TreeHead.originHash(ORIGIN) + ".checkpoint");
        Files.writeString(state, checkpoint(leaves, 2).toString());
        HttpResponse<String> afterEdit = add(2, MerkleTree.consistencyProof(leaves, 2, 5), checkpoint(leaves, 5));
        assertThat(afterEdit.statusCode()).isEqualTo(500);
        assertThat(afterEdit.body()).contains("is not a checkpoint this witness cosigned");
    }

    @Test
    void linesOfOtherKeysAreNotKeptSoNobodyCanPoisonTheWitnessesState() throws Exception {
        List<byte[]> leaves = leaves("a", 5);
        add(0, List.of(), checkpoint(leaves, 5));
        // Anyone may resubmit the cosigned checkpoint (old = its size) with lines of their own: one that names the
        // witness's own key (name and id public at /key), and 63 of unknown keys.
        List<io.agentshop.tlog.NoteSignature> junk = new ArrayList<>();
        junk.add(new io.agentshop.tlog.NoteSignature(witnessKey.name(), witnessKey.keyId(), new byte[72]));
        for (int i = 0; i < 62; i++) {
            junk.add(new io.agentshop.tlog.NoteSignature("junk.test/k" + i, i, new byte[64]));
        }

        HttpResponse<String> resubmitted = add(5, List.of(), checkpoint(leaves, 5).with(junk));
        HttpResponse<String> empty = post("old 5\n\n" + checkpoint(leaves, 5).text() + "\n");

        assertThat(resubmitted.statusCode()).as(resubmitted.body()).isEqualTo(200);
        assertThat(empty.statusCode()).isEqualTo(400);
        SignedNote kept = SignedNote.parse(get("/" + TreeHead.originHash(ORIGIN) + "/checkpoint").body());
        assertThat(kept.signatures()).hasSize(2);
        assertThat(add(5, MerkleTree.consistencyProof(leaves, 5, 5), checkpoint(leaves, 5)).statusCode())
                .as("the witness still answers").isEqualTo(200);
    }

    private WitnessHttp startWitness() throws Exception {
        return WitnessApplication.start(WitnessSettings.from(new String[]{"--port=0",
                "--key-file=" + dir.resolve("witness.pk8"), "--state-dir=" + dir.resolve("state"),
                "--name=witness.test/w1", "--logs=" + log.verifierKey()}, Map.of()));
    }

    private SignedNote checkpoint(List<byte[]> leaves, int size) {
        return log.signedNote(new TreeHead(ORIGIN, size, MerkleTree.root(leaves.subList(0, size))).text());
    }

    private HttpResponse<String> add(long oldSize, List<byte[]> proof, SignedNote checkpoint) throws Exception {
        return post(new AddCheckpointRequest(oldSize, proof, checkpoint).text());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/add-checkpoint"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static List<byte[]> leaves(String prefix, int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(MerkleTree.leafHash((prefix + i).getBytes(StandardCharsets.UTF_8)));
        }
        return leaves;
    }
}
