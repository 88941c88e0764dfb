package io.agentshop.witness;

import io.agentshop.tlog.NoteKey;
import io.agentshop.tlog.SignedNote;
import io.agentshop.tlog.TreeHead;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The witness's own memory: per log, the latest checkpoint it cosigned (with the log's signatures and its own
 * cosignature), one file named by the SHA-256 of the origin. Written to a temporary file, forced to disk and moved
 * over the old one atomically, so a crash leaves the old state or the new, never half of one; persisted before the
 * cosignature is returned, as the protocol requires. On reading, the witness checks its own cosignature: a state file
 * edited by someone else is refused, not believed.
 */
final class WitnessState {

    private final Path directory;
    private final NoteKey ownKey;

    WitnessState(Path directory, NoteKey ownKey) {
        this.directory = directory;
        this.ownKey = ownKey;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the witness's state directory " + directory, e);
        }
    }

    Optional<SignedNote> latest(String origin) {
        Path file = directory.resolve(TreeHead.originHash(origin) + ".checkpoint");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            SignedNote note = SignedNote.parse(Files.readAllBytes(file));
            note.verifiedBy(List.of(ownKey));
            return Optional.of(note);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the witness's state " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the witness's state " + file + " is not a checkpoint this witness"
                    + " cosigned (" + e.getMessage() + "); refusing to witness " + origin + " until it is repaired", e);
        }
    }

    void store(String origin, SignedNote cosigned) {
        Path file = directory.resolve(TreeHead.originHash(origin) + ".checkpoint");
        Path next = directory.resolve(TreeHead.originHash(origin) + ".checkpoint.next");
        try {
            try (FileChannel channel = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(cosigned.toString().getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the witness's state " + file, e);
        }
    }
}
