package io.agentshop.infra.testsupport;

import io.agentshop.infra.stack.DatabaseLogin;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one test class gets from the shared stack: its own database and its own topics, named after the class so
 * a leftover is easy to trace. Injected by {@link StackExtension} as a test method or constructor parameter.
 */
public final class TestScope {

    private static final AtomicInteger sequence = new AtomicInteger();

    private final TestStack stack;
    private final String prefix;

    TestScope(TestStack stack, Class<?> testClass) {
        this.stack = stack;
        String name = testClass.getSimpleName().replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
        this.prefix = "t" + sequence.incrementAndGet() + "_" + (name.length() > 40 ? name.substring(0, 40) : name);
    }

    /** This class's own database, created on first call. */
    public DatabaseLogin database() {
        return stack.database(prefix);
    }

    /** A further database of this class's own, for tests that need two. */
    public DatabaseLogin database(String suffix) {
        return stack.database(prefix + "_" + suffix.toLowerCase(Locale.ROOT));
    }

    /** This class's own topic of that name, created on first call with three partitions. */
    public String topic(String name) {
        return topic(name, 3);
    }

    public String topic(String name, int partitions) {
        return stack.topic(prefix + "." + name, partitions);
    }

    public String bootstrapServers() {
        return stack.bootstrapServers();
    }

    public TestStack stack() {
        return stack;
    }
}
