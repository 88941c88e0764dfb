package io.agentshop.infra.launcher;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A process of the local system the launcher keeps running: an application node, PostgreSQL, a Kafka node. */
interface Supervised {

    String name();

    /** Completes when the running incarnation ends; its value says how (an exit code, when there is one). */
    CompletableFuture<String> exited();

    /** A new incarnation, on the same data and ports; returns once it was started. */
    void startAgain();

    /** Returns once the new incarnation serves (an application's health UP), or throws at the deadline. */
    void awaitReady(Instant deadline);

    /** Stops it for good (the launcher is stopping). */
    void stop();
}
