package io.agentshop.infra.stack;

import io.agentshop.appsupport.ParentProcess;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * One node of the local Kafka cluster as a process of its own (started by {@link KafkaNodeProcess}), so that it can be
 * killed alone and started again, as a broker in production: {@code KafkaNode <id> <port> <controllerPort> <logDir>
 * <voters> <clusterSize> <partitions> <clusterId>}. It ends with the launcher that started it.
 */
public final class KafkaNode {

    private static final Logger log = LoggerFactory.getLogger(KafkaNode.class);

    private KafkaNode() {
    }

    public static void main(String[] args) throws InterruptedException {
        ParentProcess.exitWithIt();
        if (args.length != 8) {
            System.err.println("usage: KafkaNode <id> <port> <controllerPort> <logDir> <voters> <clusterSize>"
                    + " <partitions> <clusterId>");
            System.exit(2);
        }
        KafkaBroker broker;
        try {
            broker = KafkaBroker.start(new KafkaBroker.Node(Integer.parseInt(args[0]),
                    Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]), args[4],
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]), args[7]));
        } catch (RuntimeException failed) {
            // Kafka's own threads would keep a half-started node alive: end, so that the launcher sees it fail.
            log.error("Kafka node did not start: {}", failed.getMessage(), failed);
            System.exit(1);
            return;
        }
        // In a process of its own a fatal fault ends the process, as it does a broker in production, and the
        // launcher starts it again; KafkaBroker turned it into an exception for a broker that is a JVM's guest.
        Exit.resetExitProcedure();
        Exit.resetHaltProcedure();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-node-shutdown"));
        stopped.await();
    }
}
