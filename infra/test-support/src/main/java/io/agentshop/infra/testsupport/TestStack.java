package io.agentshop.infra.testsupport;

import io.agentshop.infra.stack.Database;
import io.agentshop.infra.stack.DatabaseLogin;

/**
 * The real PostgreSQL and Kafka broker that every integration test of one JVM shares. Tests isolate themselves
 * by the databases and topics they ask for, never by starting servers of their own.
 */
public interface TestStack {

    /** Creates (once) a database owned by a role of the same name, and returns the owner's login. */
    DatabaseLogin database(String name);

    /** Creates (once) a database with its owner and app roles; returns the owner's login. */
    DatabaseLogin database(Database database);

    /** The login of a database's restricted application role, once {@link #database(Database)} created it. */
    DatabaseLogin appLogin(Database database);

    /** Creates (once) a topic and returns its name. */
    String topic(String name, int partitions);

    String bootstrapServers();

    /** Which implementation runs: {@code embedded} or {@code testcontainers}. */
    String kind();
}
