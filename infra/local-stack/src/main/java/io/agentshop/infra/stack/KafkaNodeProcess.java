package io.agentshop.infra.stack;

import io.agentshop.appsupport.ParentProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * A {@link KafkaNode} as a child process of the launcher, its output prefixed with its name. Started from this very
 * classpath: the launcher's executable jar (through Spring Boot's {@code PropertiesLauncher}) or the classes of a test.
 */
public final class KafkaNodeProcess {

    private static final Logger log = LoggerFactory.getLogger(KafkaNodeProcess.class);
    private static final long GRACE_SECONDS = 30;

    private final String name;
    private final KafkaBroker.Node node;
    private final Process process;

    private KafkaNodeProcess(String name, KafkaBroker.Node node, Process process) {
        this.name = name;
        this.node = node;
        this.process = process;
    }

    public static KafkaNodeProcess start(KafkaBroker.Node node, List<String> jvmOptions) {
        Ports.requireFree("Kafka node " + node.id(), node.port());
        Ports.requireFree("Kafka node " + node.id() + " controller", node.controllerPort());
        String name = "kafka-" + node.id();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(mainOf(KafkaNode.class.getName()));
        command.addAll(List.of(Integer.toString(node.id()), Integer.toString(node.port()),
                Integer.toString(node.controllerPort()), node.logDirectory().toAbsolutePath().toString(), node.voters(),
                Integer.toString(node.clusterSize()), Integer.toString(node.defaultPartitions()), node.clusterId()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(ParentProcess.VARIABLE, Long.toString(ProcessHandle.current().pid()));
        try {
            Process process = builder.start();
            Thread copier = new Thread(() -> ApplicationProcess.copyOutput(name, process, System.out),
                    name + "-output");
            copier.setDaemon(true);
            copier.start();
            log.info("{} starting (pid {}) on 127.0.0.1:{}", name, process.pid(), node.port());
            return new KafkaNodeProcess(name, node, process);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** How to run {@code mainClass} from the classpath this JVM runs on. */
    private static List<String> mainOf(String mainClass) {
        String classPath = System.getProperty("java.class.path");
        if (isExecutableJar(classPath)) {
            return List.of("-cp", classPath, "-Dloader.main=" + mainClass,
                    "org.springframework.boot.loader.launch.PropertiesLauncher");
        }
        return List.of("-cp", classPath, mainClass);
    }

    private static boolean isExecutableJar(String classPath) {
        if (classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")
                || !Files.isRegularFile(Path.of(classPath))) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            return jar.getEntry("BOOT-INF/") != null || jar.getEntry("BOOT-INF/classes/") != null;
        } catch (IOException unreadable) {
            return false;
        }
    }

    public String name() {
        return name;
    }

    public KafkaBroker.Node node() {
        return node;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public CompletableFuture<Process> exited() {
        return process.onExit();
    }

    /** SIGTERM: the node begins its controlled shutdown; {@link #stop()} waits for it. */
    public void requestStop() {
        process.destroy();
    }

    /** SIGTERM (a controlled shutdown of the node), then SIGKILL if it will not go. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                log.warn("{} did not stop within {} s; killing it", name, GRACE_SECONDS);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        log.info("{} stopped", name);
    }
}
