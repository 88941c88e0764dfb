package io.agentshop.queryside.audit.witness;

import io.agentshop.tlog.AddCheckpointRequest;
import io.agentshop.tlog.NoteSignature;
import io.agentshop.tlog.SignedNote;
import io.agentshop.tlog.TreeHead;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Speaks C2SP tlog-witness to one witness: {@code add-checkpoint} (a checkpoint with a consistency proof from the
 * size the witness last cosigned) and the monitoring read of the latest cosigned checkpoint. A plain text protocol
 * over HTTP, so the JDK's client is all it takes.
 */
public final class WitnessClient {

    /** The answers by which a witness (C2SP tlog-witness) refuses a checkpoint; anything else decides nothing. */
    private static final java.util.Set<Integer> REFUSALS = java.util.Set.of(400, 403, 404, 422);

    private final URI base;
    private final HttpClient http;

    public WitnessClient(URI base) {
        this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    /** What the witness said to a checkpoint. */
    public sealed interface Answer {
    }

    public record Cosigned(List<NoteSignature> cosignatures) implements Answer {
    }

    /** 409: the witness last cosigned {@code size}; prove from there. */
    public record OldSizeWrong(long size) implements Answer {
    }

    /** 400, 403, 404 or 422: the witness will not cosign this checkpoint. */
    public record Refused(int status, String reason) implements Answer {
    }

    public Answer add(AddCheckpointRequest request) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("add-checkpoint"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(request.text(), StandardCharsets.UTF_8)).build());
        String body = response.body();
        if (response.statusCode() == 200) {
            // The answer is signature lines: read them as the signatures of the checkpoint's own note.
            return new Cosigned(SignedNote.parse(request.checkpoint().text() + "\n" + body).signatures());
        }
        if (response.statusCode() == 409 && body.strip().matches("0|[1-9][0-9]{0,18}")) {
            return new OldSizeWrong(Long.parseLong(body.strip()));
        }
        if (REFUSALS.contains(response.statusCode())) {
            return new Refused(response.statusCode(), body.strip());
        }
        // A server error, a proxy's 502, a 409 without a size: the witness did not decide anything.
        throw new WitnessUnreachable("the witness at " + base + " answered HTTP " + response.statusCode() + ": "
                + body.strip());
    }

    /** The latest checkpoint the witness cosigned for this log, with its cosignatures; empty if it cosigned none. */
    public Optional<SignedNote> latest(String origin) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(TreeHead.originHash(origin)
                        + "/checkpoint"))
                .timeout(Duration.ofSeconds(10)).GET().build());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new WitnessUnreachable("the witness at " + base + " answered HTTP " + response.statusCode());
        }
        return Optional.of(SignedNote.parse(response.body()));
    }

    public URI base() {
        return base;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new WitnessUnreachable("the witness at " + base + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WitnessUnreachable("interrupted while asking the witness at " + base);
        }
    }

    public static final class WitnessUnreachable extends UncheckedIOException {
        public WitnessUnreachable(String message) {
            super(message, new IOException(message));
        }
    }
}
