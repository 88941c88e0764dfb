package io.agentshop.queryside.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A tlog-proof verifier we did not write: {@code src/test/go/tlogproof/main.go} is only glue around Go's
 * {@code golang.org/x/mod/sumdb/note} (signed-note verification) and {@code sumdb/tlog} (RFC 6962 inclusion), as
 * Debian packages them ({@code golang-go}, {@code golang-golang-x-mod-dev}; {@code ./test.sh} installs them). Built
 * once per test into a binary, so its exit code is its own (0 verified, 1 not, 2 usage).
 */
final class GoProofVerifier {

    private static final Path SOURCE = Path.of("src/test/go/tlogproof/main.go");
    private static final Path X_MOD = Path.of("/usr/share/gocode/src/golang.org/x/mod/sumdb/note");

    private final Path binary;
    private final Map<String, String> environment;

    private GoProofVerifier(Path binary, Map<String, String> environment) {
        this.binary = binary;
        this.environment = environment;
    }

    static GoProofVerifier build(Path workDirectory) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/go")) || !Files.isDirectory(X_MOD)) {
            throw new IllegalStateException("the third-party proof check needs Debian's golang-go and"
                    + " golang-golang-x-mod-dev (./test.sh installs them; or apt-get install golang-go"
                    + " golang-golang-x-mod-dev)");
        }
        Path cache = Files.createDirectories(workDirectory.resolve("go-cache"));
        // GOPATH mode against Debian's packaged sources: no module download, nothing from the network.
        Map<String, String> environment = Map.of("PATH", "/usr/bin:/bin", "GO111MODULE", "off",
                "GOPATH", "/usr/share/gocode", "GOCACHE", cache.toString(), "GOFLAGS", "");
        Path binary = workDirectory.resolve("tlogproof");
        Run built = run(List.of("/usr/bin/go", "build", "-o", binary.toString(), SOURCE.toAbsolutePath().toString()),
                environment);
        if (built.exitCode() != 0) {
            throw new IllegalStateException("go build failed: " + built.output());
        }
        return new GoProofVerifier(binary, environment);
    }

    Run verify(String logVerifierKey, Path proof) throws Exception {
        return run(List.of(binary.toString(), logVerifierKey, proof.toString()), environment);
    }

    record Run(int exitCode, String output) {
    }

    private static Run run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish");
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
