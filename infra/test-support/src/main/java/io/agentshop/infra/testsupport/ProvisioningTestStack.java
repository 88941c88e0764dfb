package io.agentshop.infra.testsupport;

import io.agentshop.infra.stack.Database;
import io.agentshop.infra.stack.DatabaseLogin;
import io.agentshop.infra.stack.DatabaseProvisioner;
import io.agentshop.infra.stack.KafkaTopics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What both implementations share: databases and topics are made through the local stack's own provisioning. */
abstract class ProvisioningTestStack implements TestStack {

    static final String ROLE_PASSWORD = "agentshop-test";

    private final Map<String, DatabaseLogin> databases = new ConcurrentHashMap<>();
    private final Map<String, String> topics = new ConcurrentHashMap<>();
    private DatabaseProvisioner provisioner;

    protected final void superuser(DatabaseLogin superuser) {
        this.provisioner = new DatabaseProvisioner(superuser, ROLE_PASSWORD);
    }

    @Override
    public DatabaseLogin database(String name) {
        return database(new Database(name, name, null));
    }

    @Override
    public DatabaseLogin database(Database database) {
        return databases.computeIfAbsent(database.name(), name -> {
            provisioner.ensure(database);
            return provisioner.ownerLogin(database);
        });
    }

    @Override
    public DatabaseLogin appLogin(Database database) {
        database(database);
        return provisioner.appLogin(database);
    }

    @Override
    public String topic(String name, int partitions) {
        return topics.computeIfAbsent(name, topic -> {
            KafkaTopics.ensure(bootstrapServers(), topic, partitions);
            return topic;
        });
    }
}
