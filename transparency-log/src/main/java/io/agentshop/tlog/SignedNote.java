package io.agentshop.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, then one or more signature lines. The text is what
 * every signature covers (with its final newline, without the blank line).
 */
public final class SignedNote {

    /** More than any log and its witnesses here sign with, and the spec's minimum of 16 accepted. */
    static final int MAX_SIGNATURES = 64;
    static final int MAX_BYTES = 64 * 1024;

    private final String text;
    private final List<NoteSignature> signatures;

    public SignedNote(String text, List<NoteSignature> signatures) {
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new IllegalArgumentException("a note's text ends in a newline");
        }
        requirePlainText(text);
        this.text = text;
        this.signatures = List.copyOf(signatures);
    }

    /** Reads a note: valid UTF-8, no control characters but newlines, the text separated by its last blank line. */
    public static SignedNote parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("a note of " + bytes.length + " bytes is larger than " + MAX_BYTES);
        }
        String note;
        try {
            note = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a note is UTF-8");
        }
        return parse(note);
    }

    public static SignedNote parse(String note) {
        if (note.length() > MAX_BYTES) {
            throw new IllegalArgumentException("a note of more than " + MAX_BYTES + " characters is refused");
        }
        requirePlainText(note);
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n") || split + 2 >= note.length()) {
            throw new IllegalArgumentException("a signed note is text, a blank line and signature lines");
        }
        String text = note.substring(0, split + 1);
        String[] lines = note.substring(split + 2, note.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw new IllegalArgumentException("a note with " + lines.length + " signatures is refused");
        }
        List<NoteSignature> signatures = new ArrayList<>();
        for (String line : lines) {
            signatures.add(NoteSignature.parse(line));
        }
        return new SignedNote(text, signatures);
    }

    private static void requirePlainText(String note) {
        for (int i = 0; i < note.length(); i++) {
            char c = note.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new IllegalArgumentException("a note holds no ASCII control characters but newlines (found U+"
                        + String.format("%04X", (int) c) + ")");
            }
        }
    }

    public String text() {
        return text;
    }

    public List<NoteSignature> signatures() {
        return signatures;
    }

    /** The same note with more signature lines (e.g. a witness's cosignatures), each line once. */
    public SignedNote with(Collection<NoteSignature> more) {
        List<NoteSignature> all = new ArrayList<>(signatures);
        for (NoteSignature signature : more) {
            if (!all.contains(signature)) {
                all.add(signature);
            }
        }
        return new SignedNote(text, all);
    }

    /**
     * The keys among {@code trusted} whose signature on this note verifies. Signatures of unknown keys are ignored;
     * a signature that names a trusted key (name and id) but does not verify makes the whole note untrustworthy.
     *
     * @throws NoteNotVerified when a trusted key's signature fails, or no trusted key signed
     */
    public List<NoteKey> verifiedBy(Collection<NoteKey> trusted) {
        List<NoteKey> verified = new ArrayList<>();
        for (NoteSignature signature : signatures) {
            for (NoteKey key : trusted) {
                if (key.made(signature)) {
                    if (!key.verifies(text, signature)) {
                        throw new NoteNotVerified("the signature of " + signature + " does not verify");
                    }
                    if (!verified.contains(key)) {
                        verified.add(key);
                    }
                }
            }
        }
        if (verified.isEmpty()) {
            throw new NoteNotVerified("no signature of a trusted key (" + trusted.stream().map(
                    k -> k.name() + "/" + String.format("%08x", k.keyId())).toList() + ") on the note; it has "
                    + signatures);
        }
        return verified;
    }

    /** The note as it travels: text, blank line, signature lines. */
    @Override
    public String toString() {
        StringBuilder note = new StringBuilder(text).append('\n');
        signatures.forEach(signature -> note.append(signature.line()));
        return note.toString();
    }

    public static final class NoteNotVerified extends RuntimeException {
        public NoteNotVerified(String message) {
            super(message);
        }
    }
}
