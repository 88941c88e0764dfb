package io.agentshop.queryside.audit.proof;

import io.agentshop.tlog.AuditRecordProof;
import io.agentshop.tlog.NoteKey;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar query-side.jar verify-proof --proof=<file> --log-key=<vkey>… [--witness-key=<vkey>…]
 * [--witnesses=<n>]}: checks a tlog-proof offline, with nothing but the keys given: the checkpoint is signed by a log
 * key, cosigned by {@code n} of the witness keys (1 when any is given), and the record in it is at its index. Prints
 * the record. Exit 0 verified, 1 not, 2 usage.
 */
public final class ProofCheck {

    private ProofCheck() {
    }

    public static int run(String[] args, PrintStream out) {
        Path file = null;
        List<NoteKey> logKeys = new ArrayList<>();
        List<NoteKey> witnessKeys = new ArrayList<>();
        Integer quorum = null;
        try {
            for (String arg : args) {
                String value = arg.substring(arg.indexOf('=') + 1);
                if (arg.startsWith("--proof=")) {
                    file = Path.of(value);
                } else if (arg.startsWith("--log-key=")) {
                    logKeys.add(NoteKey.parse(value));
                } else if (arg.startsWith("--witness-key=")) {
                    witnessKeys.add(NoteKey.parse(value));
                } else if (arg.startsWith("--witnesses=")) {
                    quorum = Integer.parseInt(value);
                } else {
                    throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            if (file == null || logKeys.isEmpty()) {
                throw new IllegalArgumentException("--proof=<file> and at least one --log-key=<vkey> are needed");
            }
        } catch (RuntimeException usage) {
            out.println("usage: verify-proof --proof=<file> --log-key=<vkey>... [--witness-key=<vkey>...]"
                    + " [--witnesses=<n>]: " + usage.getMessage());
            return 2;
        }
        try {
            AuditRecordProof checked = AuditRecordProof.check(Files.readString(file, StandardCharsets.UTF_8),
                    logKeys, witnessKeys, quorum != null ? quorum : witnessKeys.isEmpty() ? 0 : 1);
            out.println("proof verified: " + checked.summary());
            checked.fields().forEach(line -> out.println("  " + line));
            return 0;
        } catch (java.io.IOException e) {
            out.println("proof NOT verified: cannot read " + file + ": " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            out.println("proof NOT verified: " + e.getMessage());
            return 1;
        }
    }
}
