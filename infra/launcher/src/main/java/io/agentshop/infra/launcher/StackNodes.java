package io.agentshop.infra.launcher;

import io.agentshop.infra.stack.KafkaNodeProcess;
import io.agentshop.infra.stack.LocalStack;
import io.agentshop.infra.stack.Ports;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** PostgreSQL and the Kafka nodes of the local stack, as the supervisor sees them. */
final class StackNodes {

    private StackNodes() {
    }

    /** PostgreSQL: a server on the data directory, started again with crash recovery after it died. */
    static Supervised postgres(LocalStack stack) {
        return new Supervised() {
            @Override
            public String name() {
                return "postgres";
            }

            @Override
            public CompletableFuture<String> exited() {
                return stack.postgresExited().thenApply(gone -> "exited");
            }

            @Override
            public void startAgain() {
                stack.restartPostgres();
            }

            @Override
            public void awaitReady(Instant deadline) {
                // PostgresServer.start returns once the server accepts connections.
            }

            @Override
            public void stop() {
                // Stopped with the stack.
            }
        };
    }

    /** Kafka node {@code index} (from 0): started again on its log directory; it catches up from the others. */
    static Supervised kafka(LocalStack stack, int index) {
        return new Supervised() {
            @Override
            public String name() {
                return "kafka-" + (index + 1);
            }

            @Override
            public CompletableFuture<String> exited() {
                return stack.kafkaNodes().get(index).exited().thenApply(ended -> "exited with code "
                        + ended.exitValue());
            }

            @Override
            public void startAgain() {
                stack.restartKafkaNode(index);
            }

            @Override
            public void awaitReady(Instant deadline) {
                KafkaNodeProcess node = stack.kafkaNodes().get(index);
                int port = stack.settings().kafkaPort(index);
                // Serving once it listens for clients: it has joined the cluster's metadata quorum by then.
                while (Ports.isFree(port)) {
                    if (!node.isAlive()) {
                        throw new IllegalStateException(node.name() + " exited while starting");
                    }
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException(node.name() + " did not listen on port " + port + " in time");
                    }
                    try {
                        Thread.sleep(200); // a node says nothing when it listens; only trying the port tells
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while " + node.name() + " starts", e);
                    }
                }
            }

            @Override
            public void stop() {
                stack.kafkaNodes().get(index).stop();
            }
        };
    }
}
