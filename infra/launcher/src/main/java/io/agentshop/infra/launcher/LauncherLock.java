package io.agentshop.infra.launcher;

import io.agentshop.appsupport.ParentProcess;
import io.agentshop.infra.stack.PostgresServer;
import io.agentshop.infra.stack.StackStartupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One launcher per data directory, named in {@code launcher.pid} there. A launcher that finds the file of another one
 * still running refuses to start; one that finds the file of a launcher that was killed (SIGKILL runs no shutdown
 * hook) cleans up after it: its applications and Kafka nodes ended with it by themselves, the PostgreSQL it left
 * running on the data directory is stopped here, so the ports are free again.
 */
final class LauncherLock {

    private static final Logger log = LoggerFactory.getLogger(LauncherLock.class);

    private final Path file;

    private LauncherLock(Path file) {
        this.file = file;
    }

    static LauncherLock take(Path dataDirectory) {
        Path file = dataDirectory.resolve("launcher.pid");
        try {
            Files.createDirectories(dataDirectory);
            Optional<ProcessHandle> other = holder(file);
            if (other.isPresent() && other.get().pid() != ProcessHandle.current().pid()) {
                throw new StackStartupException("another launcher (pid " + other.get().pid() + ") runs on "
                        + dataDirectory + "; stop it first, or use another --data-dir");
            }
            if (Files.exists(file)) {
                log.warn("the launcher of an earlier run did not stop (it was killed); cleaning up after it");
                PostgresServer.stopLeftOver(dataDirectory.resolve("postgres"));
            }
            Files.writeString(file, Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
            return new LauncherLock(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    void release() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not remove {}: {}", file, e.toString());
        }
    }

    /**
     * When the data directory names a launcher that was killed, waits (up to {@code patience}) for the JVMs it had
     * started to finish exiting: they notice it gone within seconds and then stop gracefully, and until they have,
     * they hold the ports this start is about to check. Its JVMs are known by the launcher's pid in their environment
     * ({@link io.agentshop.appsupport.ParentProcess}); where /proc is missing, this returns at once.
     */
    static void awaitJvmsOfKilledLauncher(Path dataDirectory, Duration patience) {
        Path file = dataDirectory.resolve("launcher.pid");
        Path procfs = Path.of("/proc");
        try {
            if (!Files.exists(file) || !Files.isDirectory(procfs) || holder(file).isPresent()) {
                return;
            }
            String marker = ParentProcess.VARIABLE + "=" + Files.readString(file, StandardCharsets.UTF_8).trim();
            long deadline = System.nanoTime() + patience.toNanos();
            boolean told = false;
            while (ProcessHandle.allProcesses().anyMatch(process -> environmentHas(procfs, process, marker))) {
                if (!told) {
                    log.warn("the JVMs of a killed launcher are still exiting; waiting for them");
                    told = true;
                }
                if (System.nanoTime() > deadline) {
                    return; // the port checks that follow say what is still held
                }
                Thread.sleep(200); // processes we did not start give no exit event we could wait on
            }
        } catch (IOException e) {
            log.warn("could not look for the JVMs of a killed launcher: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean environmentHas(Path procfs, ProcessHandle process, String entry) {
        try {
            byte[] environment = Files.readAllBytes(procfs.resolve(Long.toString(process.pid())).resolve("environ"));
            return List.of(new String(environment, StandardCharsets.UTF_8).split("\0")).contains(entry);
        } catch (IOException | RuntimeException notOurs) {
            return false;
        }
    }

    /** The live launcher the file names, if any (a pid reused by a process that is no java is nobody's). */
    private static Optional<ProcessHandle> holder(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().command().map(command -> command.contains("java")).orElse(true));
        } catch (NumberFormatException garbled) {
            return Optional.empty();
        }
    }
}
