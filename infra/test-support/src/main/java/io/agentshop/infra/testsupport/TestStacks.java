package io.agentshop.infra.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link TestStack} of this JVM, started on first use and stopped when the JVM exits. The system property
 * (or environment variable {@code AGENTSHOP_TEST_STACK}) {@code agentshop.test.stack} chooses it:
 * {@code embedded} (default) or {@code testcontainers}.
 */
public final class TestStacks {

    public static final String SWITCH = "agentshop.test.stack";

    private static final Logger log = LoggerFactory.getLogger(TestStacks.class);
    private static TestStack shared;
    private static RuntimeException startFailure;

    private TestStacks() {
    }

    public static synchronized TestStack shared() {
        if (startFailure != null) {
            // Fail (or skip) every later test the same way, rather than trying to start servers again and again.
            throw startFailure;
        }
        if (shared == null) {
            try {
                shared = start(chosenKind());
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return shared;
    }

    static String chosenKind() {
        String chosen = System.getProperty(SWITCH);
        if (chosen == null || chosen.isBlank()) {
            chosen = System.getenv("AGENTSHOP_TEST_STACK");
        }
        return chosen == null || chosen.isBlank() ? "embedded" : chosen.trim();
    }

    static TestStack start(String kind) {
        long started = System.nanoTime();
        AutoCloseable stack = switch (kind) {
            case "embedded" -> EmbeddedTestStack.start();
            case "testcontainers" -> ContainerTestStack.start();
            default -> throw new IllegalArgumentException(SWITCH + " must be 'embedded' or 'testcontainers', was '"
                    + kind + "'");
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stack.close();
            } catch (Exception e) {
                log.warn("test stack did not stop cleanly: {}", e.toString());
            }
        }, "test-stack-shutdown"));
        TestStack testStack = (TestStack) stack;
        log.info("{} test stack up in {} ms (Kafka {})", kind, (System.nanoTime() - started) / 1_000_000,
                testStack.bootstrapServers());
        return testStack;
    }
}
