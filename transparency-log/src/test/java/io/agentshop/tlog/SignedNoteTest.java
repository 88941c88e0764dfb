package io.agentshop.tlog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signed notes against the C2SP signed-note specification's own example, and what a forger would try. */
class SignedNoteTest {

    /** The verifier key and note of the specification's "Example" section (c2sp.org/signed-note). */
    static final String SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    static final String SPEC_NOTE = "This is an example message.\n\n\u2014 example.com/foo "
            + "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    @Test
    void theSpecificationsExampleVerifiesWithItsVerifierKey() {
        NoteKey key = NoteKey.parse(SPEC_VKEY);
        SignedNote note = SignedNote.parse(SPEC_NOTE);

        assertThat(note.text()).isEqualTo("This is an example message.\n");
        assertThat(note.verifiedBy(List.of(key))).containsExactly(key);
        assertThat(key.toString()).isEqualTo(SPEC_VKEY);
        assertThat(note.toString()).isEqualTo(SPEC_NOTE);
    }

    @Test
    void aChangedTextFailsAndAnUnknownKeysLineIsIgnored(@TempDir Path dir) {
        NoteKey key = NoteKey.parse(SPEC_VKEY);
        assertThatThrownBy(() -> SignedNote.parse(SPEC_NOTE.replace("example message", "example massage"))
                .verifiedBy(List.of(key))).isInstanceOf(SignedNote.NoteNotVerified.class)
                .hasMessageContaining("does not verify");

        NoteSigner stranger = new NoteSigner("stranger.example/log", Ed25519KeyFile.loadOrCreate(dir.resolve("s")));
        SignedNote withStranger = SignedNote.parse(SPEC_NOTE).with(List.of(stranger.sign("This is an example message.\n")));
        assertThat(withStranger.verifiedBy(List.of(key))).containsExactly(key);
        assertThatThrownBy(() -> stranger.signedNote("x\n").verifiedBy(List.of(key)))
                .hasMessageContaining("no signature of a trusted key");
    }

    @Test
    void aKeyWithTheSameNameButAnotherIdIsNotAsked(@TempDir Path dir) {
        NoteSigner impostor = new NoteSigner("example.com/foo", Ed25519KeyFile.loadOrCreate(dir.resolve("i")));
        SignedNote forged = impostor.signedNote("This is an example message.\n");
        assertThatThrownBy(() -> forged.verifiedBy(List.of(NoteKey.parse(SPEC_VKEY))))
                .hasMessageContaining("no signature of a trusted key");
    }

    @Test
    void verifierKeysWhoseIdDoesNotMatchAndNotesWithControlCharactersAreRefused() {
        assertThatThrownBy(() -> NoteKey.parse(SPEC_VKEY.replace("530d903a", "530d903b")))
                .hasMessageContaining("names key id 530d903b");
        assertThatThrownBy(() -> NoteKey.parse("example.com/foo bar+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"))
                .hasMessageContaining("without spaces");
        assertThatThrownBy(() -> SignedNote.parse(SPEC_NOTE.replace("This", "Th\u0000is")))
                .hasMessageContaining("U+0000");
        assertThatThrownBy(() -> SignedNote.parse(new byte[]{'a', '\n', '\n', (byte) 0xC3, '\n'}))
                .hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> SignedNote.parse("no blank line\n\u2014 a AAAA\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCosignatureVerifiesOnlyAsACosignatureOfThatText(@TempDir Path dir) {
        Ed25519KeyFile witnessKey = Ed25519KeyFile.loadOrCreate(dir.resolve("w"));
        Cosigner witness = new Cosigner("witness.example/w1", witnessKey);
        String text = new TreeHead("example.com/log", 5, new byte[32]).text();
        NoteSignature cosignature = witness.cosign(text, Instant.ofEpochSecond(1_700_000_000L));

        SignedNote note = new SignedNote(text, List.of(cosignature));
        assertThat(note.verifiedBy(List.of(witness.verifierKey()))).containsExactly(witness.verifierKey());
        assertThat(Cosigner.timeOf(cosignature)).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(NoteKey.parse(witness.verifierKey().toString())).isEqualTo(witness.verifierKey());
        // The same Ed25519 key as a plain note key has another key id: its line is not even considered.
        NoteKey plain = NoteKey.of("witness.example/w1", NoteKey.ED25519, witnessKey.publicKey());
        assertThat(plain.keyId()).isNotEqualTo(witness.verifierKey().keyId());
        assertThat(plain.made(cosignature)).isFalse();
        SignedNote other = new SignedNote(new TreeHead("example.com/log", 6, new byte[32]).text(), List.of(cosignature));
        assertThatThrownBy(() -> other.verifiedBy(List.of(witness.verifierKey()))).hasMessageContaining("does not verify");
    }

    @Test
    void aTreeHeadIsThreeLinesInCanonicalForm() {
        TreeHead head = new TreeHead("example.com/log", 12, MerkleTree.leafHash("x".getBytes(StandardCharsets.UTF_8)));
        assertThat(TreeHead.parse(head.text())).isEqualTo(head);
        assertThatThrownBy(() -> TreeHead.parse("example.com/log\n012\n" + head.text().split("\n")[2] + "\n"))
                .hasMessageContaining("leading zeros");
        assertThatThrownBy(() -> TreeHead.parse(head.text() + "extension\n")).hasMessageContaining("three lines");
    }
}
